/**
 * The browser routes' parameters, parsed from the untyped event into typed values (one plain string
 * per parameter, see http/params). The Flex token is read by http/flex-token, not here.
 */
import type { RecordingChannel } from '@dual-channel-recording/contract';
import { isRecordingChannel } from '@dual-channel-recording/contract';
import type { ParamProblem, Parsed } from './params';
import { describeType, sidField, stringField } from './params';
import type { FunctionEvent } from './request';

/** Which party's call leg to record (the contract's RecordingChannel). */
export type Channel = RecordingChannel;

/** The validated parameters. */
export interface CreateRecordingParams {
  taskSid: string;
  reservationSid: string;
  callSid: string;
  channel: Channel;
  /**
   * The task's conference as Flex knows it (`task.conference.conferenceSid`), optional: with it the
   * participant is read in the same round as everything else; it is checked against Twilio.
   */
  conferenceSid?: string;
  /**
   * Which try of this request it is (1..100, counted by the plugin's client), optional. It can only
   * add the look for an already running recording of the leg (absent or above 1), never skip a check.
   */
  attempt?: number;
  /**
   * The customer's call as Flex knows it (worker channel, task without `call_sid`), optional: read in
   * round one and written as `call_sid` only once Twilio shows it is the customer in the task's conference.
   */
  customerCallSid?: string;
}

/** The raw event fields create-recording reads (a type literal, so it reads as a plain record). */
export type CreateRecordingFields = {
  taskSid?: unknown;
  reservationSid?: unknown;
  callSid?: unknown;
  channel?: unknown;
  conferenceSid?: unknown;
  attempt?: unknown;
  customerCallSid?: unknown;
  Token?: unknown;
};

const SID_FIELDS = [
  { field: 'taskSid', prefix: 'WT', what: 'a TaskRouter task SID' },
  { field: 'reservationSid', prefix: 'WR', what: 'a TaskRouter reservation SID' },
  { field: 'callSid', prefix: 'CA', what: 'a call SID' },
] as const;

const CONFERENCE_FIELD = { field: 'conferenceSid', prefix: 'CF', what: 'a conference SID' } as const;

/** The optional conferenceSid: absent (or empty), or a CF SID; anything else is a problem naming it. */
function optionalConference(fields: Record<string, unknown>): { value?: string } | { problem: ParamProblem } {
  if (fields.conferenceSid === undefined || fields.conferenceSid === '') return {};
  return sidField(fields, CONFERENCE_FIELD.field, CONFERENCE_FIELD.prefix, CONFERENCE_FIELD.what);
}

/** The highest `attempt` accepted: the plugin's client gives up long before (its retries fit the start's wait). */
export const MAX_ATTEMPT = 100;

/**
 * The optional attempt: absent (or empty), or an integer 1..{@link MAX_ATTEMPT}, as a JSON number or
 * as decimal digits (a form or query string carries every value as a string).
 */
function optionalAttempt(fields: Record<string, unknown>): { value?: number } | { problem: ParamProblem } {
  const raw = fields.attempt;
  if (raw === undefined || raw === '') return {};
  const problem = {
    field: 'attempt',
    // The value is not echoed: a malformed field may hold anything.
    reason:
      typeof raw === 'string' || typeof raw === 'number'
        ? `attempt must be a whole number from 1 to ${MAX_ATTEMPT}`
        : `attempt must be a whole number from 1 to ${MAX_ATTEMPT}, not ${describeType(raw)}`,
  };
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_ATTEMPT) return { problem };
  return { value };
}

/** The optional customerCallSid: absent (or empty), or a CA SID other than the recorded leg's. */
function optionalCustomerCall(
  fields: Record<string, unknown>,
  callSid: string,
): { value?: string } | { problem: ParamProblem } {
  if (fields.customerCallSid === undefined || fields.customerCallSid === '') return {};
  const result = sidField(fields, 'customerCallSid', 'CA', "the customer's call SID");
  if ('problem' in result) return result;
  if (result.value === callSid) {
    return {
      problem: {
        field: 'customerCallSid',
        reason: "customerCallSid must be the customer's call, not the recorded leg (callSid)",
      },
    };
  }
  return result;
}

/**
 * Checks the parameters in order: taskSid, reservationSid, callSid, channel, then the optional
 * conferenceSid, attempt and customerCallSid.
 */
export function parseCreateRecordingParams(event: CreateRecordingFields): Parsed<CreateRecordingParams> {
  const fields: Record<string, unknown> = event;
  const values: Record<string, string> = {};
  for (const { field, prefix, what } of SID_FIELDS) {
    const result = sidField(fields, field, prefix, what);
    if ('problem' in result) return { ok: false, problem: result.problem };
    values[field] = result.value;
  }
  const channel = stringField(fields, 'channel');
  if ('problem' in channel) return { ok: false, problem: channel.problem };
  if (!isRecordingChannel(channel.value)) {
    return { ok: false, problem: { field: 'channel', reason: 'channel must be "customer" or "worker"' } };
  }
  const conference = optionalConference(fields);
  if ('problem' in conference) return { ok: false, problem: conference.problem };
  const attempt = optionalAttempt(fields);
  if ('problem' in attempt) return { ok: false, problem: attempt.problem };
  const customer = optionalCustomerCall(fields, values.callSid);
  if ('problem' in customer) return { ok: false, problem: customer.problem };
  const params: CreateRecordingParams = {
    taskSid: values.taskSid,
    reservationSid: values.reservationSid,
    callSid: values.callSid,
    channel: channel.value,
  };
  if (conference.value !== undefined) params.conferenceSid = conference.value;
  if (attempt.value !== undefined) params.attempt = attempt.value;
  if (customer.value !== undefined) params.customerCallSid = customer.value;
  return { ok: true, params };
}

/** The validated pause-recording / resume-recording parameters. */
export interface ControlRecordingParams {
  taskSid: string;
  /** The caller's own reservation; only a token with one of PAUSE_ROLES may leave it out. */
  reservationSid?: string;
  /** The recorded leg (what create-recording answered as callSid). */
  callSid: string;
  /** The task's conference as Flex knows it, optional (see {@link CreateRecordingParams.conferenceSid}). */
  conferenceSid?: string;
}

/** The raw event fields pause-recording and resume-recording read. */
export type ControlRecordingFields = {
  taskSid?: unknown;
  reservationSid?: unknown;
  callSid?: unknown;
  conferenceSid?: unknown;
  Token?: unknown;
};

/** The event of pause-recording / resume-recording: query and body parameters, plus request headers. */
export type ControlRecordingEvent = FunctionEvent<ControlRecordingFields>;

/** Checks taskSid, reservationSid (optional here; authorization decides who may omit it), callSid, conferenceSid (optional). */
export function parseControlRecordingParams(event: ControlRecordingFields): Parsed<ControlRecordingParams> {
  const fields: Record<string, unknown> = event;
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
  const conference = optionalConference(fields);
  if ('problem' in conference) return { ok: false, problem: conference.problem };
  const params: ControlRecordingParams = { taskSid: taskSid.value, callSid: callSid.value };
  if (reservationSid !== undefined) params.reservationSid = reservationSid;
  if (conference.value !== undefined) params.conferenceSid = conference.value;
  return { ok: true, params };
}

/** The validated playback-recording parameters (the query of the media entry's `url_provider`). */
export interface PlaybackParams {
  recordingSid: string;
  /** The task the recording was made for; needed when the handling agent (not a role) plays it back. */
  taskSid?: string;
}

/** The raw event fields playback-recording reads. */
export type PlaybackFields = { recordingSid?: unknown; taskSid?: unknown; Token?: unknown };

/**
 * Refuses a `Token` parameter (on this GET it came in the query string, which logs keep: the token
 * goes in `Authorization`), then checks recordingSid and the optional taskSid.
 */
export function parsePlaybackParams(event: PlaybackFields): Parsed<PlaybackParams> {
  const fields: Record<string, unknown> = event;
  if (fields.Token !== undefined) {
    return {
      ok: false,
      problem: {
        field: 'Token',
        reason:
          'Send the Flex token in the Authorization header (Basic, user "token"), never as a parameter: a URL ends up in logs',
      },
    };
  }
  const recording = sidField(fields, 'recordingSid', 'RE', 'a recording SID');
  if ('problem' in recording) return { ok: false, problem: recording.problem };
  const params: PlaybackParams = { recordingSid: recording.value };
  if (fields.taskSid !== undefined && fields.taskSid !== '') {
    const task = sidField(fields, 'taskSid', 'WT', 'a TaskRouter task SID');
    if ('problem' in task) return { ok: false, problem: task.problem };
    params.taskSid = task.value;
  }
  return { ok: true, params };
}
