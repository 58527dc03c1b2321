import type * as Driver from '@dual-channel-recording/flex-page/driver';
import type { FakeFunctions } from './fakeFunctions';
import { createFakeFunctions } from './fakeFunctions';
import type { RealFlexModules } from './loadRealFlex';

/** The Functions domain every session is configured with (the fake fetch answers for it). */
export const SERVERLESS_DOMAIN = 'dual-channel-recording-1234.twil.io';

/** How a plugin session starts. */
export interface PluginSessionOptions extends Driver.FlexSessionOptions {
  /** `ui_attributes.dual_channel_recording`; `undefined` leaves the key out. */
  readonly settings?: unknown;
  /** Runs after Flex is up and before the plugin initialises (register task channels, reservations). */
  readonly beforePlugin?: (session: Driver.FlexSession) => void;
  /** TaskRouter's worker `ready` only after plugin init (default: before, as on a normal load). */
  readonly workerReadyAfterPlugin?: boolean;
}

/** A Flex session with the real plugin initialised on it, and the plugin's Function requests. */
export interface PluginSession {
  readonly modules: RealFlexModules;
  readonly session: Driver.FlexSession;
  /** Our Functions behind `window.fetch`: requests, and answers other than the happy path. */
  readonly functions: FakeFunctions;
  /** A new call for this agent. */
  call(options: Driver.CallOptions): Driver.DrivenCall;
  /** Console errors and warnings the plugin logged (prefix `[dual-channel-recording]`). */
  readonly logged: string[];
}

/** The settings most tests use: recording on, customer leg, the fake Functions domain. */
export const defaultSettings = { enabled: true, channel: 'customer', serverless_domain: SERVERLESS_DOMAIN };

/**
 * Starts a real Flex session (driver) and initialises the real plugin on it, in Flex's order: store,
 * Manager, login, worker ready, plugin init, then strings compiled (loadInitialData).
 */
export async function startPluginSession(
  modules: RealFlexModules,
  options: PluginSessionOptions = {},
): Promise<PluginSession> {
  const functions = createFakeFunctions();
  Object.assign(window, { fetch: functions.fetch });
  const logged: string[] = [];
  for (const level of ['error', 'warn', 'info'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
      if (text.includes('[dual-channel-recording]')) logged.push(`${level}: ${text}`);
    });
  }
  const settings = 'settings' in options ? options.settings : defaultSettings;
  const session = await modules.driver.startFlexSession(modules.flex, {
    ...options,
    uiAttributes: {
      ...options.uiAttributes,
      ...(settings === undefined ? {} : { dual_channel_recording: settings }),
    },
  });
  options.beforePlugin?.(session);
  if (!options.workerReadyAfterPlugin) session.workerReady();
  await session.initPlugin(modules.Plugin);
  await session.loadInitialData();
  if (options.workerReadyAfterPlugin) session.workerReady();
  return {
    modules,
    session,
    functions,
    call: (callOptions) => new modules.driver.DrivenCall(session, callOptions),
    logged,
  };
}
