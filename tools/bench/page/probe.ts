/**
 * The in-page probe (runs in the Flex page before any page script; see probeScript.ts). It wraps
 * the timer APIs and window.fetch, and subscribes to the Flex store first, so it can timestamp with
 * performance.now(): when the state shows the configured leg live (by the plugin's own selectLeg and
 * callSnapshot), when the plugin's create-recording request leaves, and every timer the plugin or
 * the baseline poller creates or wakes up for. It must not import anything at run time.
 */
import type {
  FetchEvent,
  ProbeApi,
  ProbeConfig,
  ProbeManager,
  ProbeModules,
  ReservationTimeline,
  TimerEvent,
  TimerKind,
  TimerOwner,
} from './probeTypes';

/** Installs the probe on `window[globalName]`. */
export function installProbe(modules: ProbeModules, config: ProbeConfig, globalName: string): void {
  const now = (): number => performance.now();
  const timers: TimerEvent[] = [];
  const fetches: FetchEvent[] = [];
  const timelines = new Map<string, ReservationTimeline>();
  const flexListeners: Array<(manager: ProbeManager) => void> = [];

  const ownerOf = (stack: string | undefined): TimerOwner => {
    // Skip the probe's own frames (the wrappers); the first other frame is the caller.
    const frames = (stack ?? '').split('\n').slice(1);
    const callers = frames.filter((line) => !line.includes(config.probeSource));
    if (callers.some((line) => line.includes(config.bundlePath))) return 'plugin';
    if (callers.some((line) => line.includes(config.baselineSource))) return 'baseline';
    return 'page';
  };
  const log = (kind: TimerKind, event: TimerEvent['event'], owner: TimerOwner): void => {
    timers.push({ kind, event, owner, at: now() });
  };

  const realSetTimeout = window.setTimeout.bind(window);
  const realSetInterval = window.setInterval.bind(window);
  const realRaf = window.requestAnimationFrame.bind(window);
  /** `real` (setTimeout or setInterval) wrapped to log the timer's creation and each wake-up, with its owner. */
  const loggedTimer =
    (
      kind: 'setTimeout' | 'setInterval',
      real: (handler: TimerHandler, timeout?: number, ...args: unknown[]) => number,
    ) =>
    (handler: TimerHandler, timeout?: number, ...args: unknown[]): number => {
      const owner = ownerOf(new Error().stack);
      log(kind, 'create', owner);
      if (typeof handler !== 'function') return real(handler, timeout, ...args);
      return real(
        (...callArgs: unknown[]) => {
          log(kind, 'fire', owner);
          Reflect.apply(handler, window, callArgs);
        },
        timeout,
        ...args,
      );
    };
  window.setTimeout = loggedTimer('setTimeout', realSetTimeout) as typeof window.setTimeout;
  window.setInterval = loggedTimer('setInterval', realSetInterval) as typeof window.setInterval;
  window.requestAnimationFrame = function requestAnimationFrame(callback: FrameRequestCallback): number {
    const owner = ownerOf(new Error().stack);
    log('requestAnimationFrame', 'create', owner);
    return realRaf((time) => {
      log('requestAnimationFrame', 'fire', owner);
      callback(time);
    });
  };

  const timeline = (task: { sid: string; taskSid: string }): ReservationTimeline => {
    let found = timelines.get(task.sid);
    if (!found) {
      found = { reservationSid: task.sid, taskSid: task.taskSid, baselineTicks: 0 };
      timelines.set(task.sid, found);
    }
    return found;
  };

  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const startAt = now();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('/create-recording') && typeof init?.body === 'string') {
      const body: unknown = JSON.parse(init.body);
      const reservationSid =
        typeof body === 'object' && body !== null && 'reservationSid' in body
          ? String(body.reservationSid)
          : '';
      const entry = timelines.get(reservationSid);
      if (entry && entry.oursRequestAt === undefined) entry.oursRequestAt = startAt;
    }
    const event: { url: string; startAt: number; endAt?: number; status?: number } = { url, startAt };
    fetches.push(event);
    const response = await realFetch(input, init);
    event.endAt = now();
    event.status = response.status;
    if (url.endsWith('/create-recording') && typeof init?.body === 'string') {
      for (const entry of timelines.values()) {
        if (entry.oursRequestAt === startAt) entry.oursResponseAt = event.endAt;
      }
    }
    return response;
  };

  const watch = (manager: ProbeManager): void => {
    const { legs, adapter } = modules;
    // Subscribed before the plugin loads: on a store change this runs first, at the moment the
    // state changes, with the plugin's own selector over the plugin's own snapshot.
    manager.store.subscribe(() => {
      const state = manager.store.getState();
      for (const task of adapter.workerTasks(state)) {
        if (task.status !== 'accepted') continue;
        const entry = timeline(task);
        if (entry.acceptedInStoreAt === undefined) entry.acceptedInStoreAt = now();
        if (entry.legLiveAt !== undefined) continue;
        const decision = legs.selectLeg(
          adapter.callSnapshot(state, task),
          config.channel,
          legs.classifyCall(task),
        );
        if (decision?.kind === 'leg') {
          entry.legLiveAt = now();
          entry.legCallSid = decision.callSid;
        }
      }
    });
    manager.events.addListener('taskAccepted', (task) => {
      timeline(task).acceptedAt = now();
    });
    flexListeners.forEach((listener) => listener(manager));
  };

  let twilio: unknown;
  // The page sets window.Twilio = { Flex } once Flex's Manager exists, before Flex loads the plugin bundle.
  Object.defineProperty(window, 'Twilio', {
    configurable: true,
    get: () => twilio,
    set: (value: unknown) => {
      twilio = value;
      const flex: unknown =
        typeof value === 'object' && value !== null ? Reflect.get(value, 'Flex') : undefined;
      const managerClass: unknown =
        typeof flex === 'object' && flex !== null ? Reflect.get(flex, 'Manager') : undefined;
      // Flex's Manager is a class (a function), with the static getInstance().
      const getInstance: unknown =
        typeof managerClass === 'function' ? Reflect.get(managerClass, 'getInstance') : undefined;
      // Flex's Manager: the probe reads its store and events only.
      if (typeof getInstance === 'function')
        watch(Reflect.apply(getInstance, managerClass, []) as ProbeManager);
    },
  });

  const api: ProbeApi = {
    config,
    modules,
    onFlex: (listener) => flexListeners.push(listener),
    timeline,
    now,
    snapshot: () => ({
      timeOrigin: performance.timeOrigin,
      timers: [...timers],
      fetches: fetches.map((f) => ({ ...f })),
      reservations: [...timelines.values()].map((t) => ({ ...t })),
    }),
  };
  Reflect.set(window, globalName, api);
}
