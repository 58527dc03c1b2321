import type { StandInStateResponse } from './sandboxView.js';

/** The agent session the stand-in server hands a page (what Flex's login would give). */
export interface SessionInfo {
  readonly workerSid: string;
  readonly identity: string;
  readonly token: string;
  readonly tokenExpiresAt: string;
  readonly roles: readonly string[];
  readonly accountSid: string;
  /** Default `ui_attributes.dual_channel_recording` (the Functions' URL and the demo's choices). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Queues the page offers for an incoming call. */
  readonly queues: readonly string[];
  /** The other agents a call can be transferred to or placed with. */
  readonly agents: readonly string[];
}

/** A stand-in server call that failed. */
export class StandInApiError extends Error {
  override readonly name = 'StandInApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const message =
      typeof data === 'object' && data !== null && 'error' in data ? String(data.error) : response.statusText;
    throw new StandInApiError(response.status, `${method} ${path}: ${message}`);
  }
  return data as T;
}

/** Typed client of the stand-in server's same-origin `/api` (which drives the sandbox). */
export const api = {
  /** Signs the agent in: creates the sandbox worker on first use and issues this tab a Flex token. */
  session: (agent: string) => call<SessionInfo>('GET', `/api/session?agent=${encodeURIComponent(agent)}`),
  /** The sandbox's state and the queue of each task. */
  state: () => call<StandInStateResponse>('GET', '/api/state'),
  /** A customer calls in; the agent's reservation rings (pending). */
  inboundCall: (agent: string, queueName: string) =>
    call<unknown>('POST', '/api/calls/inbound', { agent, queueName }),
  /** The agent dials a customer (reservation accepted at once, customer not answered yet). */
  outboundCall: (agent: string) => call<unknown>('POST', '/api/calls/outbound', { agent }),
  /** The agent calls another agent (internal call, no conference). */
  internalCall: (agent: string, toAgent: string) =>
    call<unknown>('POST', '/api/calls/internal', { agent, toAgent }),
  /** The outbound call's customer answers. */
  answer: (taskSid: string) => call<unknown>('POST', `/api/tasks/${taskSid}/answer`),
  /** The customer hangs up (their leg only). */
  customerHangup: (taskSid: string) => call<unknown>('POST', `/api/tasks/${taskSid}/customer-hangup`),
  /** Warm transfer: another agent's reservation rings on the same conference. */
  transfer: (taskSid: string, toAgent: string) =>
    call<unknown>('POST', `/api/tasks/${taskSid}/transfer`, { toAgent }),
  /** Accepts a reservation. */
  accept: (reservationSid: string) => call<unknown>('POST', `/api/reservations/${reservationSid}/accept`),
  /** The agent hangs up: their leg ends (and the call, if no other agent is on it); wrap-up. */
  hangup: (reservationSid: string) => call<unknown>('POST', `/api/reservations/${reservationSid}/hangup`),
  /** Completes the reservation (and the task once no agent holds it). */
  complete: (reservationSid: string) => call<unknown>('POST', `/api/reservations/${reservationSid}/complete`),
};

/** URL of a recording's stereo WAV through the stand-in server (`download` adds an attachment header). */
export function recordingUrl(recordingSid: string, download = false): string {
  return `/api/recordings/${recordingSid}.wav${download ? '?download=1' : ''}`;
}
