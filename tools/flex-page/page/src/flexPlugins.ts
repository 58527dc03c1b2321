import type * as Flex from '@twilio/flex-ui';

import type { PluginListing } from './api';

/** How a plugin's start went, as Flex's PluginManager tracks it. */
export interface PluginOutcome {
  readonly name: string;
  readonly version: string;
  /** Flex's `PluginState`: Initialized, Failed, … */
  readonly state: string;
}

type PluginDefinition = Parameters<typeof Flex.Plugins.storePluginDefinition>[0][number];

/** Flex's own wait for plugins (`pluginService.initializationTimeout` defaults to 10 s). */
const INITIALIZATION_TIMEOUT_MS = 10_000;

/**
 * Loads plugin bundles the way Flex's `loadPlugins` does once its plugin service answered (Flex does not
 * export that function, only the PluginManager it drives): `Plugins.setup(Flex, manager)`, the definitions
 * with a uuid each, a `<script uuid=…>` per bundle, whose `Twilio.Flex.Plugins.init(Plugin)` lets Flex's
 * PluginManager construct the plugin and await its `init(flex, manager)` (through Flex's manager proxy),
 * then `pluginsInitialized`. Resolves when every plugin has started, or after Flex's 10 s.
 */
export async function loadPlugins(
  flex: typeof Flex,
  manager: Flex.Manager,
  listing: readonly PluginListing[],
): Promise<PluginOutcome[]> {
  const { Plugins } = flex;
  Plugins.setup(flex, manager);
  const definitions = listing.map(
    (plugin) =>
      ({
        phase: 3,
        ...plugin,
        flexVersion: flex.VERSION,
        uuid: crypto.randomUUID(),
        state: 'NotStarted',
      }) as PluginDefinition,
  );
  if (definitions.length === 0) return [];
  Plugins.storePluginDefinition(definitions);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const initialised = new Promise<void>((resolve) => {
    manager.events.addListener('pluginsInitialized', () => resolve());
    timer = setTimeout(resolve, INITIALIZATION_TIMEOUT_MS);
  });
  await Promise.all(definitions.map((definition) => addScript(flex, definition)));
  await initialised;
  clearTimeout(timer);
  return Plugins.plugins.map((p) => ({ name: p.name, version: p.version, state: String(p.state) }));
}

/** A classic `<script>` carrying the plugin's uuid, which `Plugins.init` reads from `document.currentScript`. */
function addScript(flex: typeof Flex, definition: PluginDefinition): Promise<void> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.setAttribute('uuid', definition.uuid);
    script.src = definition.src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      // Flex marks such a plugin Failed and carries on; so does the page (the header shows it).
      console.error(`[flex page] could not download plugin ${definition.name} from ${definition.src}`);
      flex.Plugins.updatePluginState(definition.uuid, 'Failed' as PluginDefinition['state']);
      resolve();
    };
    document.body.appendChild(script);
  });
}
