import type * as Flex from '@twilio/flex-ui';

import { createActions } from './actions.js';
import type { SessionInfo } from './api.js';
import type { RenderableContentStore } from './contentStore.js';
import { createContentStore } from './contentStore.js';
import { Emitter } from './emitter.js';
import type { StandInFlex, StandInManager } from './flexSurface.js';
import type { ShortcutCenter } from './keyboardShortcuts.js';
import { createShortcutManager } from './keyboardShortcuts.js';
import type { NotificationCenter } from './notifications.js';
import { createNotifications } from './notifications.js';
import type { MutableStore } from './store.js';
import { createStore } from './store.js';
import { styled } from './styled.js';
import { createTemplateComponent } from './Template.js';
import { createTemplates } from './templates.js';

/** Flex UI version the stand-in imitates (the plugin is built against it). */
const FLEX_VERSION = '2.17.1';

/** A plugin that called `Plugins.init`, and how its `init` went. */
export interface LoadedPlugin {
  readonly name: string;
  readonly error?: string;
}

/** The stand-in Flex, with the handles the page (not plugins) uses to drive it. */
export interface FlexStandIn {
  readonly flex: StandInFlex;
  readonly manager: StandInManager;
  readonly store: MutableStore;
  /** Flex events (`taskAccepted`, ...), emitted by the page as tasks change. */
  readonly events: Emitter;
  readonly notifications: NotificationCenter;
  readonly callCanvas: RenderableContentStore;
  readonly callCanvasActions: RenderableContentStore;
  readonly taskCanvas: RenderableContentStore;
  readonly shortcuts: ShortcutCenter;
  /** Plugins initialised so far. */
  plugins(): readonly LoadedPlugin[];
}

/** What the stand-in needs to start: the signed-in agent and the plugin settings. */
export interface FlexStandInOptions {
  readonly session: SessionInfo;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly localeTag: string;
}

/** Builds `window.Twilio.Flex` and its Manager for one signed-in agent. */
export function createFlexStandIn({ session, settings, localeTag }: FlexStandInOptions): FlexStandIn {
  const store = createStore({
    flex: {
      session: {
        ssoTokenPayload: {
          token: session.token,
          identity: session.identity,
          roles: [...session.roles],
          expiration: session.tokenExpiresAt,
        },
      },
      worker: { tasks: new Map(), attributes: { contact_uri: `client:${session.identity}` } },
      conferences: { states: new Map() },
      phone: {},
      view: {},
    },
  });
  const events = new Emitter();
  const uiAttributes = { dual_channel_recording: settings };
  const manager: StandInManager = {
    store,
    // Flex merges the service's ui_attributes into the configuration it gives plugins.
    configuration: { language: localeTag, ...uiAttributes },
    serviceConfiguration: { account_sid: session.accountSid, ui_attributes: uiAttributes },
    user: {
      identity: session.identity,
      token: session.token,
      roles: [...session.roles],
      tokenExpirationDate: new Date(session.tokenExpiresAt),
    },
    localization: { localeTag },
    events: {
      addListener: (event, listener) => events.addListener(event, listener),
      removeListener: (event, listener) => events.removeListener(event, listener),
    },
    strings: {},
  };
  const strings = (): Readonly<Record<string, string>> => manager.strings;
  const notifications = createNotifications(strings);
  const callCanvas = createContentStore('CallCanvas');
  const callCanvasActions = createContentStore('CallCanvasActions');
  const taskCanvas = createContentStore('TaskCanvas');
  const shortcuts = createShortcutManager(window);
  const plugins: LoadedPlugin[] = [];

  const flex: StandInFlex = {
    Manager: { getInstance: () => manager },
    Plugins: {
      init(PluginClass) {
        const plugin = new PluginClass();
        // The one cast in the stand-in: the plugin is typed against all of Flex and receives the
        // subset listed in flexSurface.ts, which is what its bundle actually touches. Not awaited:
        // Flex does not wait on a plugin's init either; the outcome is recorded for the page.
        void Promise.resolve(
          plugin.init(flex as unknown as typeof Flex, manager as unknown as Flex.Manager),
        ).then(
          () => plugins.push({ name: plugin.name }),
          (error: unknown) => {
            console.error(`[flex-stand-in] plugin ${plugin.name} failed to initialise`, error);
            plugins.push({ name: plugin.name, error: String(error) });
          },
        );
      },
    },
    Actions: createActions(),
    Notifications: notifications.api,
    NotificationType: { information: 'information', success: 'success', warning: 'warning', error: 'error' },
    CallCanvas: { Content: callCanvas },
    CallCanvasActions: { Content: callCanvasActions },
    KeyboardShortcutManager: shortcuts.api,
    TaskCanvas: { Content: taskCanvas },
    // Flex's default channel definitions: the Call definition applies to the `voice` TaskRouter channel
    // (`isApplicable`), and the stand-in registers no other (no callback or voicemail channels).
    TaskHelper: { isCallTask: (task) => task.taskChannelUniqueName === 'voice' },
    templates: createTemplates(strings),
    Template: createTemplateComponent(strings),
    styled,
    VERSION: FLEX_VERSION,
  };

  return {
    flex,
    manager,
    store,
    events,
    notifications,
    callCanvas,
    callCanvasActions,
    taskCanvas,
    shortcuts,
    plugins: () => plugins,
  };
}
