import type { ControlRecordingResponse, CreateRecordingResponse } from '@dual-channel-recording/contract';
import { insightsMediaUrl, isRecordingChannel } from '@dual-channel-recording/contract';

/** One request the plugin sent to our Functions. */
export interface FunctionRequest {
  readonly url: string;
  readonly route: string;
  readonly body: Record<string, unknown>;
}

/** A fetch Response as far as the plugin's Function client reads it (jsdom has no Response). */
const answer = (status: number, body: unknown) => ({
  ok: status >= 200 && status < 300,
  status,
  statusText: '',
  headers: { get: () => null },
  text: () => Promise.resolve(JSON.stringify(body)),
});

/** What a route answers: status and JSON body. */
export type RouteAnswer = (body: Record<string, unknown>) => { status: number; body: unknown };

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;

/** create-recording's success body, typed by the contract package so it cannot drift from the Functions'. */
export function createdRecording(
  body: Record<string, unknown>,
  recordingSid: string,
  alreadyRecording = false,
): CreateRecordingResponse {
  return {
    recordingSid,
    callSid: String(body.callSid),
    channel: isRecordingChannel(body.channel) ? body.channel : 'customer',
    status: 'in-progress',
    startTime: '2026-11-21T10:00:00.000Z',
    mediaUrl: insightsMediaUrl(ACCOUNT_SID, recordingSid),
    alreadyRecording,
  };
}

function controlled(
  body: Record<string, unknown>,
  status: ControlRecordingResponse['status'],
): ControlRecordingResponse {
  return { recordingSid: `RE${'1'.padStart(32, '0')}`, callSid: String(body.callSid), status, changed: true };
}

/** The contract's happy path for each route (plugin README, "the contract with the Functions"). */
function contractRoutes(): Record<string, RouteAnswer> {
  let recordings = 0;
  return {
    'create-recording': (body) => {
      recordings += 1;
      return { status: 201, body: createdRecording(body, `RE${recordings.toString(16).padStart(32, '0')}`) };
    },
    'pause-recording': (body) => ({ status: 200, body: controlled(body, 'paused') }),
    'resume-recording': (body) => ({ status: 200, body: controlled(body, 'in-progress') }),
  };
}

/** Our Functions at unit level, behind `window.fetch`. */
export interface FakeFunctions {
  readonly requests: FunctionRequest[];
  readonly fetch: (url: string, init?: { body?: string }) => Promise<ReturnType<typeof answer>>;
  /** Requests to one route. */
  to(route: string): FunctionRequest[];
  /** Makes `route` answer with `handler` from now on (`undefined`: the contract's happy path again). */
  answer(route: string, handler: RouteAnswer | undefined): void;
}

/**
 * Our Functions at unit level: `window.fetch` answering create-recording, pause-recording and
 * resume-recording as the HTTP contract says, and keeping every request. The real Functions run in the
 * integration and browser suites; in this suite only Flex is real.
 */
export function createFakeFunctions(): FakeFunctions {
  const requests: FunctionRequest[] = [];
  const defaults = contractRoutes();
  const overrides = new Map<string, RouteAnswer>();
  return {
    requests,
    fetch(url, init) {
      const route = url.split('/').pop() ?? '';
      const body = JSON.parse(init?.body ?? '{}') as Record<string, unknown>;
      requests.push({ url, route, body });
      const handler = overrides.get(route) ?? defaults[route];
      const { status, body: reply } = handler
        ? handler(body)
        : { status: 404, body: { status: 404, code: 'http_404', message: 'no such route' } };
      return Promise.resolve(answer(status, reply));
    },
    to: (route) => requests.filter((r) => r.route === route),
    answer(route, handler) {
      if (handler) overrides.set(route, handler);
      else overrides.delete(route);
    },
  };
}
