import type { IncomingMessage, ServerResponse } from 'node:http';
import { SID_DIGITS } from '@dual-channel-recording/contract';
import { TwilioErrorResponse } from './errors';
import { formatEtag } from './etag';
import type { ConcurrencyLimit } from './concurrency';
import type { RequestsInFlight } from './in-flight';
import type { FaultInjector } from './faults';
import type { EventStreams } from './event-streams';
import { policyProblems } from './event-streams';
import { header, readBody, sendJson } from './http-util';
import type { RecordingService } from './recordings';
import type { ScenarioBuilder } from './scenarios';
import type { Recording, ReservationStatus, SandboxState, Task } from './state';
import { DEFAULT_ACCOUNT } from './state';
import { writeTask } from './apis/taskrouter';
import type {
  CallView,
  ConferenceView,
  CreateWorkerInput,
  RecordingView,
  ReservationView,
  ScenarioInput,
  StateView,
  TaskView,
  WorkerResult,
} from './control-types';

/** Path prefix of the control API, kept apart from every Twilio path. */
export const CONTROL_PREFIX = '/__sandbox';

type Json = Record<string, unknown>;
type Route = [method: string, path: RegExp, handler: (m: RegExpExecArray, body: Json, url: URL) => unknown];

/** A control route's whole path, each `{XX}` in `path` a SID with prefix XX (captured, in order). */
function sidRoute(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{([A-Z]{2})\}/g, `($1${SID_DIGITS})`)}$`);
}

/** Dependencies of the control API. */
export interface ControlDeps {
  state: SandboxState;
  scenarios: ScenarioBuilder;
  recordings: RecordingService;
  faults: FaultInjector;
  concurrency: ConcurrencyLimit;
  /** Event Streams' delivery (its policy: batching, backoff, injected duplicates and reordering). */
  eventStreams: EventStreams;
  /** The Twilio requests received and not yet answered. */
  inFlight: RequestsInFlight;
  /** Resets everything (state, faults, Event Streams' policy and queue). */
  reset(): void;
}

function str(body: Json, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' ? v : undefined;
}

function need(body: Json, key: string): string {
  const v = str(body, key);
  if (v === undefined) throw new TwilioErrorResponse(400, 20001, `Missing required field ${key}`);
  return v;
}

/** Control-API views of the state. */
export function views(state: SandboxState): {
  call(sid: string): CallView;
  recording(r: Recording): RecordingView;
  task(t: Task): TaskView;
  all(): StateView;
} {
  const call = (sid: string): CallView => {
    const c = state.calls.get(sid);
    if (!c) throw new TwilioErrorResponse(404, 20404, `Call ${sid} not found`);
    return {
      sid: c.sid,
      accountSid: c.accountSid,
      parentCallSid: c.parentCallSid,
      from: c.from,
      to: c.to,
      direction: c.direction,
      role: c.role,
      status: c.status,
      conferenceSids: [...state.participants.values()]
        .filter((p) => p.callSid === sid)
        .map((p) => p.conferenceSid),
    };
  };
  const recording = (r: Recording): RecordingView => ({
    sid: r.sid,
    accountSid: r.accountSid,
    callSid: r.callSid,
    status: r.status,
    channels: r.channels,
    track: r.track,
    pauseBehavior: r.pauseBehavior,
    durationSeconds: r.durationSeconds,
    callbackUrl: r.callback?.url ?? null,
    callbackMethod: r.callback?.method ?? null,
    callbackEvents: r.callback?.events ?? [],
    deleted: r.deleted,
    errorCode: r.errorCode,
    startTime: r.startTime.toISOString(),
    statusHistory: r.statusHistory.map((change) => ({ ...change })),
  });
  const task = (t: Task): TaskView => ({
    sid: t.sid,
    accountSid: t.accountSid,
    workspaceSid: t.workspaceSid,
    attributes: JSON.parse(t.attributes) as Record<string, unknown>,
    assignmentStatus: t.assignmentStatus,
    etag: formatEtag(t.revision),
    history: t.history,
  });
  const reservation = (sid: string): ReservationView => {
    const r = state.reservations.get(sid);
    if (!r) throw new TwilioErrorResponse(404, 20404, `Reservation ${sid} not found`);
    return { sid: r.sid, taskSid: r.taskSid, workerSid: r.workerSid, status: r.status };
  };
  const conference = (sid: string): ConferenceView => {
    const c = state.conferences.get(sid);
    if (!c) throw new TwilioErrorResponse(404, 20404, `Conference ${sid} not found`);
    return {
      sid: c.sid,
      friendlyName: c.friendlyName,
      status: c.status,
      participants: [...state.participants.values()]
        .filter((p) => p.conferenceSid === sid)
        .map((p) => ({ callSid: p.callSid, role: p.role, status: p.status, label: p.label })),
    };
  };
  return {
    call,
    recording,
    task,
    all: () => ({
      accounts: [...state.accounts.values()].map((a) => ({ sid: a.sid, friendlyName: a.friendlyName })),
      workers: [...state.workers.values()].map((w) => ({
        sid: w.sid,
        identity: w.identity,
        workspaceSid: w.workspaceSid,
      })),
      calls: [...state.calls.keys()].map(call),
      recordings: [...state.recordings.values()].map(recording),
      tasks: [...state.tasks.values()].map(task),
      reservations: [...state.reservations.keys()].map(reservation),
      conferences: [...state.conferences.keys()].map(conference),
      callbacks: state.callbacks,
    }),
  };
}

/** Builds the control API's request handler. */
export function createControlApi(
  deps: ControlDeps,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { state, scenarios, recordings, faults, concurrency } = deps;
  const view = views(state);
  const recordingOf = (sid: string): Recording => {
    const r = state.recordings.get(sid);
    if (!r) throw new TwilioErrorResponse(404, 20404, `Recording ${sid} not found`);
    return r;
  };
  const taskOf = (sid: string): Task => {
    const t = state.tasks.get(sid);
    if (!t) throw new TwilioErrorResponse(404, 20404, `Task ${sid} not found`);
    return t;
  };
  const workerResult = (input: CreateWorkerInput): WorkerResult => {
    const { worker, token } = scenarios.createWorker(input);
    return {
      workerSid: worker.sid,
      workspaceSid: worker.workspaceSid,
      accountSid: worker.accountSid,
      identity: worker.identity,
      token: token.token,
      tokenExpiresAt: token.expiresAt.toISOString(),
      roles: token.roles,
    };
  };
  const scenario = (body: Json): ScenarioInput => body as unknown as ScenarioInput;
  /** The body's `accountSid` (default: the default account), which must exist. */
  const existingAccountOf = (body: Json): string => {
    const accountSid = str(body, 'accountSid') ?? DEFAULT_ACCOUNT.sid;
    if (!state.accounts.has(accountSid))
      throw new TwilioErrorResponse(404, 20404, `Account ${accountSid} not found`);
    return accountSid;
  };
  /** Turns a per-account switch (`accounts` holds those it is on for) on or off from the body's boolean `field`. */
  const setAccountSwitch = (body: Json, field: string, accounts: Set<string>): Json => {
    const accountSid = existingAccountOf(body);
    const on = body[field];
    if (typeof on !== 'boolean') throw new TwilioErrorResponse(400, 20001, `${field} must be true or false`);
    if (on) accounts.add(accountSid);
    else accounts.delete(accountSid);
    return { accountSid, [field]: on };
  };

  const routes: Route[] = [
    ['POST', /^\/reset$/, () => (deps.reset(), { ok: true })],
    ['GET', /^\/state$/, () => view.all()],
    [
      'POST',
      /^\/accounts$/,
      (_m, b) => {
        const a = scenarios.createAccount({
          sid: str(b, 'sid'),
          authToken: str(b, 'authToken'),
          friendlyName: str(b, 'friendlyName'),
        });
        const workspaceSid = scenarios.createWorkspace(a.sid);
        return { sid: a.sid, authToken: a.authToken, workspaceSid };
      },
    ],
    ['POST', sidRoute('/accounts/{AC}/keys'), (m) => scenarios.createApiKey(m[1])],
    ['POST', /^\/workers$/, (_m, b) => workerResult(b as CreateWorkerInput)],
    [
      'POST',
      sidRoute('/workers/{WK}/tokens'),
      (m, b) => {
        const t = scenarios.issueToken(
          m[1],
          (str(b, 'kind') as 'valid' | 'expired' | 'other-account') ?? 'valid',
          (b.roles as string[]) ?? ['agent'],
        );
        return { token: t.token, expiresAt: t.expiresAt.toISOString(), roles: t.roles };
      },
    ],
    ['POST', /^\/scenarios\/inbound-call$/, (_m, b) => scenarios.inboundCall(scenario(b))],
    ['POST', /^\/scenarios\/outbound-call$/, (_m, b) => scenarios.outboundCall(scenario(b))],
    [
      'POST',
      /^\/scenarios\/internal-call$/,
      (_m, b) => scenarios.internalCall({ ...scenario(b), toWorkerSid: need(b, 'toWorkerSid') }),
    ],
    [
      'POST',
      /^\/scenarios\/transfer$/,
      (_m, b) =>
        scenarios.transfer({
          taskSid: need(b, 'taskSid'),
          toWorkerSid: need(b, 'toWorkerSid'),
          reservationStatus: str(b, 'reservationStatus') as ReservationStatus | undefined,
          join: typeof b.join === 'boolean' ? b.join : undefined,
        }),
    ],
    ['POST', sidRoute('/tasks/{WT}/join-worker'), (m, b) => scenarios.joinWorker(m[1], need(b, 'workerSid'))],
    ['POST', sidRoute('/tasks/{WT}/answer'), (m) => scenarios.answer(m[1])],
    ['POST', sidRoute('/reservations/{WR}/accept'), (m) => scenarios.setReservationStatus(m[1], 'accepted')],
    [
      'POST',
      sidRoute('/reservations/{WR}/rescind'),
      (m) => scenarios.setReservationStatus(m[1], 'rescinded'),
    ],
    [
      'POST',
      sidRoute('/reservations/{WR}/status'),
      (m, b) => scenarios.setReservationStatus(m[1], need(b, 'status') as ReservationStatus),
    ],
    ['POST', sidRoute('/calls/{CA}/hangup'), async (m) => (await recordings.hangup(m[1]), view.call(m[1]))],
    ['GET', /^\/calls$/, () => [...state.calls.keys()].map(view.call)],
    ['GET', sidRoute('/calls/{CA}'), (m) => view.call(m[1])],
    ['GET', /^\/recordings$/, () => [...state.recordings.values()].map(view.recording)],
    ['GET', sidRoute('/recordings/{RE}'), (m) => view.recording(recordingOf(m[1]))],
    [
      'POST',
      sidRoute('/recordings/{RE}/complete'),
      async (m, b) => {
        const r = recordingOf(m[1]);
        await recordings.complete(r, typeof b.durationSeconds === 'number' ? b.durationSeconds : undefined);
        return view.recording(r);
      },
    ],
    [
      'POST',
      sidRoute('/recordings/{RE}/absent'),
      async (m, b) => {
        const r = recordingOf(m[1]);
        await recordings.markAbsent(r, typeof b.errorCode === 'number' ? b.errorCode : undefined);
        return view.recording(r);
      },
    ],
    [
      'POST',
      /^\/flex\/configuration$/,
      (_m, b) => {
        const accountSid = existingAccountOf(b);
        const ui = b.ui_attributes;
        if (typeof ui !== 'object' || ui === null || Array.isArray(ui)) {
          throw new TwilioErrorResponse(400, 20001, 'ui_attributes must be a JSON object');
        }
        state.flexUiAttributes.set(accountSid, ui as Record<string, unknown>);
        return { accountSid, ui_attributes: ui };
      },
    ],
    ['POST', /^\/media-auth$/, (_m, b) => setAccountSwitch(b, 'enforce', state.mediaAuthEnforced)],
    [
      'POST',
      /^\/voice-insights$/,
      (_m, b) => setAccountSwitch(b, 'advancedFeatures', state.voiceInsightsAdvanced),
    ],
    [
      'POST',
      /^\/intelligence\/services$/,
      (_m, b) => {
        const accountSid = existingAccountOf(b);
        const sid = state.sids.next('GA');
        state.intelligenceServices.set(sid, { accountSid });
        return { sid, accountSid };
      },
    ],
    [
      'GET',
      /^\/intelligence\/transcripts$/,
      () =>
        [...state.transcripts.values()].map((t) => ({
          sid: t.sid,
          accountSid: t.accountSid,
          serviceSid: t.serviceSid,
          sourceSid: t.sourceSid,
          channel: t.channel,
          customerKey: t.customerKey,
          mediaStartTime: t.mediaStartTime,
        })),
    ],
    ['GET', /^\/tasks$/, () => [...state.tasks.values()].map(view.task)],
    ['GET', sidRoute('/tasks/{WT}'), (m) => view.task(taskOf(m[1]))],
    [
      'POST',
      sidRoute('/tasks/{WT}/attributes'),
      (m, b) => {
        const t = taskOf(m[1]);
        const attrs = b.attributes;
        const text = typeof attrs === 'string' ? attrs : JSON.stringify(attrs ?? {});
        writeTask(t, { attributes: text }, 'control', Date.now(), state);
        return view.task(t);
      },
    ],
    [
      'POST',
      sidRoute('/tasks/{WT}/status'),
      (m, b) => {
        const t = taskOf(m[1]);
        writeTask(
          t,
          { assignmentStatus: need(b, 'assignmentStatus') as Task['assignmentStatus'] },
          'control',
          Date.now(),
          state,
        );
        return view.task(t);
      },
    ],
    ['DELETE', sidRoute('/tasks/{WT}'), (m) => ({ deleted: state.tasks.delete(taskOf(m[1]).sid) })],
    ['GET', /^\/callbacks$/, () => state.callbacks],
    ['GET', /^\/announcements$/, () => state.announcements],
    [
      'POST',
      /^\/event-streams\/sink$/,
      (_m, b) => {
        const accountSid = str(b, 'accountSid') ?? DEFAULT_ACCOUNT.sid;
        const url = need(b, 'url');
        if (!/^https?:\/\//.test(url))
          throw new TwilioErrorResponse(400, 20001, 'url must be an http(s) URL');
        const types = Array.isArray(b.types) ? b.types.filter((t): t is string => typeof t === 'string') : [];
        if (types.length === 0)
          throw new TwilioErrorResponse(400, 20001, 'types must list at least one event type');
        state.eventSinks.set(accountSid, { url, types });
        return { accountSid, types };
      },
    ],
    ['GET', /^\/event-streams\/deliveries$/, () => state.eventDeliveries],
    [
      'POST',
      /^\/event-streams\/delivery$/,
      (_m, b) => {
        const problems = policyProblems(b);
        if (problems.length > 0) throw new TwilioErrorResponse(400, 20001, problems.join('; '));
        return { policy: deps.eventStreams.setPolicy(b), pending: deps.eventStreams.pending() };
      },
    ],
    [
      'GET',
      /^\/event-streams\/delivery$/,
      () => ({ policy: deps.eventStreams.currentPolicy(), pending: deps.eventStreams.pending() }),
    ],
    [
      'GET',
      /^\/task-events$/,
      () =>
        state.taskEvents.map((e) => ({
          eventType: e.eventType,
          taskSid: e.taskSid,
          workerSid: e.workerSid,
          at: e.at.toISOString(),
        })),
    ],
    [
      'GET',
      /^\/requests$/,
      (_m, _b, url) => {
        const since = Number(url.searchParams.get('since') ?? 0);
        return state.requests.filter((r) => r.seq > since);
      },
    ],
    ['DELETE', /^\/requests$/, () => ((state.requests.length = 0), { ok: true })],
    ['GET', /^\/requests\/in-flight$/, () => deps.inFlight.list()],
    ['GET', /^\/faults$/, () => faults.list()],
    ['POST', /^\/faults$/, (_m, b) => ({ id: faults.addRule(b) })],
    ['DELETE', /^\/faults$/, () => (faults.clear(), { ok: true })],
    ['DELETE', /^\/faults\/([\w-]+)$/, (m) => ({ removed: faults.removeRule(m[1]) })],
    ['POST', /^\/latency$/, (_m, b) => (faults.setGlobalLatency(Number(b.ms ?? 0)), { ok: true })],
    [
      'POST',
      /^\/rate-limit$/,
      (_m, b) => (faults.setRateLimit(typeof b.perSecond === 'number' ? b.perSecond : null), { ok: true }),
    ],
    ['GET', /^\/concurrency$/, () => concurrency.stats()],
    [
      'POST',
      /^\/concurrency$/,
      (_m, b) => {
        if (b.limit !== null && typeof b.limit !== 'number')
          throw new Error('limit must be a number or null');
        concurrency.setLimit(b.limit);
        return concurrency.stats();
      },
    ],
    ['POST', /^\/concurrency\/reset$/, () => (concurrency.resetStats(), concurrency.stats())],
  ];

  return async (req, res, url) => {
    const sub = url.pathname.slice(CONTROL_PREFIX.length) || '/';
    try {
      const raw = await readBody(req);
      let body: Json = {};
      if (raw.trim() !== '') {
        if (!(header(req, 'content-type') ?? 'application/json').includes('json')) {
          throw new TwilioErrorResponse(415, 20415, 'The control API takes JSON');
        }
        body = JSON.parse(raw) as Json;
      }
      for (const [method, pattern, handler] of routes) {
        const m = pattern.exec(sub);
        if (m && method === req.method) {
          sendJson(res, 200, (await handler(m, body, url)) ?? null);
          return;
        }
      }
      sendJson(res, 404, { error: `No control route ${req.method} ${url.pathname}` });
    } catch (err) {
      if (err instanceof TwilioErrorResponse)
        sendJson(res, err.status, { error: err.message, code: err.code });
      else sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
    }
  };
}
