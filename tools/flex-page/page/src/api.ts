import type { AccessLogEntry, ChainBreak } from '@dual-channel-recording/contract';
import type { WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import type { PageStateResponse } from './sandboxView';

/** The access log as the page server reads it (server/accessLog.ts). */
export interface PageAccessLog {
  readonly entries: readonly AccessLogEntry[];
  readonly breaks: readonly ChainBreak[];
}

/**
 * The agent session the page server hands a page (what Flex's login would give): the sandbox's worker
 * with its Flex token, and what the page offers around it.
 */
export interface SessionInfo extends Readonly<WorkerResult> {
  /**
   * The account's `ui_attributes` from the Flex Configuration API (the sandbox's), the same document the
   * Functions read: `dual_channel_recording` holds the product's settings.
   */
  readonly uiAttributes: Readonly<Record<string, unknown>>;
  /** Queues the page offers for an incoming call. */
  readonly queues: readonly string[];
  /** The other agents a call can be transferred to or placed with. */
  readonly agents: readonly string[];
}

/** A plugin as Flex's plugin service lists it (what `flex-plugin start` serves at `/plugins`). */
export interface PluginListing {
  readonly name: string;
  readonly version: string;
  readonly src: string;
  readonly phase?: number;
}

/** A page server call that failed. */
export class PageApiError extends Error {
  override readonly name = 'PageApiError';
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
    throw new PageApiError(response.status, `${method} ${path}: ${message}`);
  }
  return data as T;
}

/** A scenario's answer: the reservation the sandbox created for the agent. */
export interface PlacedCall {
  readonly taskSid: string;
  readonly reservationSid: string;
}

/** Typed client of the page server's same-origin `/api` (which drives the sandbox). */
export const api = {
  /** Signs the person in with a Flex role: creates the sandbox worker on first use, issues this tab a token. */
  session: (agent: string, role: string) =>
    call<SessionInfo>(
      'GET',
      `/api/session?agent=${encodeURIComponent(agent)}&role=${encodeURIComponent(role)}`,
    ),
  /** The plugins to load, as Flex's plugin service lists them. */
  plugins: () => call<PluginListing[]>('GET', '/plugins'),
  /** This month's access log (who played which recording), with the chain's breaks. */
  accessLog: () => call<PageAccessLog>('GET', '/api/access-log'),
  /** The sandbox's state and the queue of each task. */
  state: () => call<PageStateResponse>('GET', '/api/state'),
  /** A customer calls in; the agent's reservation rings (pending). */
  inboundCall: (agent: string, queueName: string) =>
    call<PlacedCall>('POST', '/api/calls/inbound', { agent, queueName }),
  /** The agent dials a customer: the reservation stays pending while the customer rings. */
  outboundCall: (agent: string) => call<PlacedCall>('POST', '/api/calls/outbound', { agent }),
  /** The agent calls another agent (internal call, no conference). */
  internalCall: (agent: string, toAgent: string) =>
    call<PlacedCall>('POST', '/api/calls/internal', { agent, toAgent }),
  /** The outbound call's customer answers: TaskRouter accepts the reservation. */
  answer: (taskSid: string) => call<unknown>('POST', `/api/tasks/${taskSid}/answer`),
  /** The customer hangs up. */
  customerHangup: (taskSid: string) => call<unknown>('POST', `/api/tasks/${taskSid}/customer-hangup`),
  /** Warm transfer: another agent's reservation rings on the same conference. */
  transfer: (taskSid: string, toAgent: string) =>
    call<unknown>('POST', `/api/tasks/${taskSid}/transfer`, { toAgent }),
  /** Accepts a reservation. */
  accept: (reservationSid: string) => call<unknown>('POST', `/api/reservations/${reservationSid}/accept`),
  /** The agent's leg ended (the call too, if no other agent is on it); wrap-up. */
  hangup: (reservationSid: string) => call<unknown>('POST', `/api/reservations/${reservationSid}/hangup`),
  /** Completes the reservation (and the task once no agent holds it). */
  complete: (reservationSid: string) => call<unknown>('POST', `/api/reservations/${reservationSid}/complete`),
};

/** URL of a recording's stereo WAV through the page server (`download` adds an attachment header). */
export function recordingUrl(recordingSid: string, download = false): string {
  return `/api/recordings/${recordingSid}.wav${download ? '?download=1' : ''}`;
}
