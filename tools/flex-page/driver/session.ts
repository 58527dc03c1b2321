import { configureStore } from '@reduxjs/toolkit';

import { FlexActionType } from './actionTypes';
import { ConferenceListeners, ConferenceStateUpdater } from './conferences';
import type { DriverStore, FlexUi } from './flexUi';
import type { VoiceChannel } from './interactions';
import { createSidFactory } from './sids';
import type { SidPrefix } from './sids';
import { SdkWorker } from './taskRouterSdk';
import { PhoneFeed } from './voice';
import type { FlexEventsEmitter } from './worker';
import { WorkerFeed } from './worker';

/** The token payload Flex keeps in `flex.session.ssoTokenPayload` (flex-sdk TokenManager's shape). */
export interface TokenPayload {
  readonly token: string;
  readonly identity: string;
  readonly roles: readonly string[];
  readonly expiration: string;
  readonly flexUserSid: string;
  readonly permissions: Readonly<Record<string, boolean>>;
}

/** How a session starts. */
export interface FlexSessionOptions {
  /** What `appConfig.js` passes to `Manager.create`: merged last, so its keys win (local overrides). */
  readonly localConfig?: Record<string, unknown>;
  /** The Flex Configuration API's `ui_attributes` (`Manager.fetchConfiguration` spreads them into the config). */
  readonly uiAttributes?: Record<string, unknown>;
  /** The agent's identity (default `alice`). */
  readonly identity?: string;
  /** The Flex token; `null` for a session without a token payload. */
  readonly token?: string | null;
  /** When the token expires (ISO 8601; default an hour from now). */
  readonly tokenExpiresAt?: string;
  /** The worker's roles in the token payload (default `['agent']`). */
  readonly roles?: readonly string[];
  /**
   * The account, workspace and worker SIDs when they come from elsewhere (a browser page fed by a Twilio
   * sandbox); new SIDs otherwise.
   */
  readonly sids?: { readonly accountSid: string; readonly workspaceSid: string; readonly workerSid: string };
  /** Latency of each Interactions API REST read of the conference listener (default 150 ms). */
  readonly restLatencyMs?: number;
}

/** A Flex plugin class as `Flex.Plugins.init` receives it. */
export type PluginClass = new () => { init(flex: FlexUi, manager: InstanceType<FlexUi['Manager']>): unknown };

/** A real Flex UI session: Flex's store, Manager and singletons, fed at Twilio's edges by the driver. */
export interface FlexSession {
  readonly flex: FlexUi;
  readonly store: DriverStore;
  readonly manager: InstanceType<FlexUi['Manager']>;
  readonly worker: SdkWorker;
  readonly accountSid: string;
  /** The TaskRouter edge: what Flex's WorkerState listener does with SDK events. */
  readonly taskRouter: WorkerFeed;
  /** The Voice SDK edge. */
  readonly phone: PhoneFeed;
  /** Interactions API voice channels by task SID (the conference edge reads them). */
  readonly channels: Map<string, VoiceChannel>;
  /** A fresh SID with Twilio's prefix. */
  sid(prefix: SidPrefix): string;
  /** `Plugins.doInit`: constructs the plugin and awaits its `init(flex, manager)`, then `pluginsInitialized`. */
  initPlugin(plugin: PluginClass): Promise<void>;
  /** What Flex's `ContextProvider` does when the app renders: `manager.loadInitialData()` compiles strings. */
  loadInitialData(): Promise<void>;
  /** TaskRouter's worker `ready`: `WORKER_INIT` with the worker's current reservations. */
  workerReady(): void;
  /** SessionState `handleTokenUpdated`: the new payload in the store, then `tokenUpdated`. */
  refreshToken(token: string): void;
  /** The SelectTask action, as a click on a task in the task list. */
  selectTask(reservationSid: string): Promise<void>;
  /** Ends the page: the driver's timers (conference throttle and listeners) and Flex's shortcut listener. */
  dispose(): void;
}

/**
 * Starts a Flex UI session the way `Manager.create` does, without its network calls: Flex's store from
 * `FlexReducer`, `getFlexMiddleware` and `flexStoreEnhancer` (the documented way to build it), a real
 * `Manager` given the fetched configuration (`ui_attributes` spread into the config, then the local
 * config), the SSO login action with the token payload, and `KeyboardShortcutManager.init` with Flex's
 * defaults. Plugins are initialised with {@link FlexSession.initPlugin}; strings are compiled only by
 * {@link FlexSession.loadInitialData}, after plugins, as in Flex.
 */
export async function startFlexSession(flex: FlexUi, options: FlexSessionOptions = {}): Promise<FlexSession> {
  const sid = createSidFactory();
  const accountSid = options.sids?.accountSid ?? sid('AC');
  const workspaceSid = options.sids?.workspaceSid ?? sid('WS');
  const identity = options.identity ?? 'alice';
  const store = configureStore({
    // FlexReducer's d.ts omits Redux's `state | undefined` first call; the reducer handles it.
    reducer: { flex: flex.FlexReducer as (state: unknown, action: { type: string }) => unknown },
    middleware: flex.getFlexMiddleware('memory'),
    enhancers: [flex.flexStoreEnhancer],
  }) as unknown as DriverStore;
  const localConfig = options.localConfig ?? {};
  const manager = new flex.Manager(localConfig as never, store as never);

  // Manager.fetchConfiguration: the service configuration, and ui_attributes spread into the config.
  const uiAttributes = options.uiAttributes ?? {};
  Reflect.set(manager, '_serviceConfiguration', {
    account_sid: accountSid,
    ui_attributes: uiAttributes,
    taskrouter_workspace_sid: workspaceSid,
  });
  manager.updateConfig({ ...uiAttributes, sso: { accountSid } } as never, localConfig as never);
  // Manager.create then makes this the instance Flex's own code asks for (Manager.getInstance()).
  const managerClass = Object.getPrototypeOf(flex.Manager) as object;
  Reflect.set(managerClass, '_instance', manager);
  (Reflect.get(managerClass, 'createProxiedInstance') as () => void).call(managerClass);

  if (options.token !== null) {
    const tokenPayload: TokenPayload = {
      token: options.token ?? 'flex-token-1',
      identity,
      roles: options.roles ?? ['agent'],
      expiration: options.tokenExpiresAt ?? new Date(Date.now() + 3600_000).toISOString(),
      flexUserSid: `FU${'0'.repeat(31)}1`,
      permissions: { agentDesktopView: true, selfEditStatus: true },
    };
    // SessionState.ssoLogin: redux-promise-middleware turns this into FLEX_ACTION_LOGIN_FULFILLED.
    await store.dispatch({ type: FlexActionType.login, payload: Promise.resolve({ tokenPayload }) });
  }

  const worker = new SdkWorker({
    sid: options.sids?.workerSid ?? sid('WK'),
    accountSid,
    workspaceSid,
    identity,
    activitySid: sid('WA'),
  });
  const events = manager.events as unknown as FlexEventsEmitter;
  const updater = new ConferenceStateUpdater(flex, store);
  const restLatencyMs = options.restLatencyMs ?? 150;
  const conferences = new ConferenceListeners(updater, () => restLatencyMs);
  const channels = new Map<string, VoiceChannel>();
  const taskRouter = new WorkerFeed(flex, store, events, conferences, (taskSid) => channels.get(taskSid));
  const phone = new PhoneFeed(store);

  // Manager.create, after login: Flex's default shortcuts (plugins add theirs to these).
  flex.KeyboardShortcutManager.init(flex.defaultKeyboardShortcuts);

  return {
    flex,
    store,
    manager,
    worker,
    accountSid,
    taskRouter,
    phone,
    channels,
    sid,
    async initPlugin(plugin) {
      await new plugin().init(flex, manager);
      events.emitPluginsInitialized();
    },
    loadInitialData: () => manager.loadInitialData(),
    workerReady: () => taskRouter.workerReady(worker),
    refreshToken(token) {
      const current = store.getState().flex.session.ssoTokenPayload;
      const tokenPayload = { ...current, token, expiration: new Date(Date.now() + 3600_000).toISOString() };
      store.dispatch({ type: FlexActionType.tokenUpdated, payload: { tokenPayload } });
      events.emitTokenUpdated(tokenPayload);
    },
    async selectTask(reservationSid) {
      await flex.Actions.invokeAction('SelectTask', { sid: reservationSid });
    },
    dispose() {
      conferences.dispose();
      updater.dispose();
      // Flex's API for it: removes this page's keydown listener from the shared window.
      flex.KeyboardShortcutManager.disableShortcuts();
    },
  };
}
