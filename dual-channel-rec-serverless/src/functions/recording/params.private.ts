/**
 * The create-recording request, parsed from the untyped event into a typed value. twilio-run and the
 * deployed runtime merge query string and body (form-encoded or JSON) into `event`; a repeated form
 * field arrives as an array, `a[b]=1` in a query as an object, and JSON can carry any type. Only one
 * plain string per parameter is accepted.
 */

/** Which party's call leg to record. */
export type Channel = 'customer' | 'worker';

/** The validated parameters. */
export interface CreateRecordingParams {
  taskSid: string;
  reservationSid: string;
  callSid: string;
  channel: Channel;
}

/** A parameter that did not parse. */
export interface ParamProblem {
  field: string;
  reason: string;
}

/** Either the parameters or the first problem (fields are checked in a fixed order). */
export type ParamsResult = { ok: true; params: CreateRecordingParams } | { ok: false; problem: ParamProblem };

/** The raw event fields this route reads. */
export interface CreateRecordingEvent {
  taskSid?: unknown;
  reservationSid?: unknown;
  callSid?: unknown;
  channel?: unknown;
  Token?: unknown;
}

const SID_FIELDS = [
  { field: 'taskSid', prefix: 'WT', what: 'a TaskRouter task SID' },
  { field: 'reservationSid', prefix: 'WR', what: 'a TaskRouter reservation SID' },
  { field: 'callSid', prefix: 'CA', what: 'a call SID' },
] as const;

const CHANNELS: readonly string[] = ['customer', 'worker'] satisfies Channel[];

/** Narrows a string to {@link Channel}. */
export function isChannel(value: string): value is Channel {
  return CHANNELS.includes(value);
}

// A token is a few KB at most; anything far larger is not a Flex token and is not worth sending on.
const MAX_TOKEN_LENGTH = 16 * 1024;

/** Describes a value's type for messages without echoing the value (it may be sensitive). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list (was the field sent more than once?)';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function stringField(
  event: Record<string, unknown>,
  field: string,
): { value: string } | { problem: ParamProblem } {
  const raw = event[field];
  if (raw === undefined || raw === '') return { problem: { field, reason: `${field} is required` } };
  if (typeof raw !== 'string') {
    return { problem: { field, reason: `${field} must be a single string, not ${describeType(raw)}` } };
  }
  return { value: raw };
}

/** True when `value` is a Twilio SID with the given two-letter prefix. */
export function isSid(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}

/** One required SID field: a single string with the given prefix. */
export function sidField(
  event: Record<string, unknown>,
  field: string,
  prefix: string,
  what: string,
): { value: string } | { problem: ParamProblem } {
  const result = stringField(event, field);
  if ('problem' in result) return result;
  if (!isSid(result.value, prefix)) {
    return { problem: { field, reason: `${field} must be ${what}: ${prefix} followed by 32 hex digits` } };
  }
  return result;
}

/** Checks the four parameters in order: taskSid, reservationSid, callSid, channel. */
export function parseCreateRecordingParams(event: CreateRecordingEvent): ParamsResult {
  const fields = event as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const { field, prefix, what } of SID_FIELDS) {
    const result = sidField(fields, field, prefix, what);
    if ('problem' in result) return { ok: false, problem: result.problem };
    values[field] = result.value;
  }
  const channel = stringField(fields, 'channel');
  if ('problem' in channel) return { ok: false, problem: channel.problem };
  if (!isChannel(channel.value)) {
    return { ok: false, problem: { field: 'channel', reason: 'channel must be "customer" or "worker"' } };
  }
  return {
    ok: true,
    params: {
      taskSid: values.taskSid,
      reservationSid: values.reservationSid,
      callSid: values.callSid,
      channel: channel.value,
    },
  };
}

/** The validated pause-recording / resume-recording parameters. */
export interface ControlRecordingParams {
  taskSid: string;
  /** The caller's own reservation; only a token with one of PAUSE_ROLES may leave it out. */
  reservationSid?: string;
  /** The recorded leg (what create-recording answered as callSid). */
  callSid: string;
}

/** The raw event fields pause-recording and resume-recording read. */
export interface ControlRecordingEvent {
  taskSid?: unknown;
  reservationSid?: unknown;
  callSid?: unknown;
  Token?: unknown;
}

/** Checks taskSid, reservationSid (optional here; authorization decides who may omit it), callSid. */
export function parseControlRecordingParams(
  event: ControlRecordingEvent,
): { ok: true; params: ControlRecordingParams } | { ok: false; problem: ParamProblem } {
  const fields = event as Record<string, unknown>;
  const [task, reservation, call] = SID_FIELDS;
  const taskSid = sidField(fields, task.field, task.prefix, task.what);
  if ('problem' in taskSid) return { ok: false, problem: taskSid.problem };
  let reservationSid: string | undefined;
  if (fields.reservationSid !== undefined && fields.reservationSid !== '') {
    const result = sidField(fields, reservation.field, reservation.prefix, reservation.what);
    if ('problem' in result) return { ok: false, problem: result.problem };
    reservationSid = result.value;
  }
  const callSid = sidField(fields, call.field, call.prefix, call.what);
  if ('problem' in callSid) return { ok: false, problem: callSid.problem };
  const params: ControlRecordingParams = { taskSid: taskSid.value, callSid: callSid.value };
  if (reservationSid !== undefined) params.reservationSid = reservationSid;
  return { ok: true, params };
}

/** The Flex token, a missing-token marker, or a problem when it is not a single string. */
export type TokenResult = { ok: true; token: string } | { ok: false; missing: boolean; reason: string };

/** Reads `Token` (the name twilio-flex-token-validator and Flex plugins use). */
export function parseToken(event: { Token?: unknown }): TokenResult {
  const raw = event.Token;
  if (raw === undefined || raw === '') return { ok: false, missing: true, reason: 'Token is required' };
  if (typeof raw !== 'string') {
    return { ok: false, missing: false, reason: `Token must be a single string, not ${describeType(raw)}` };
  }
  if (raw.length > MAX_TOKEN_LENGTH) return { ok: false, missing: false, reason: 'Token is too long' };
  return { ok: true, token: raw };
}
