/**
 * The browser routes' parameters, parsed from the untyped event into typed values (one plain string
 * per parameter, see http/params). The Flex token is read by http/flex-token, not here.
 */
import type { RecordingChannel } from '@dual-channel-recording/contract';
import { isRecordingChannel } from '@dual-channel-recording/contract';
import type { Parsed } from '../http/params';
import { sidField, stringField } from '../http/params';
import type { FunctionEvent } from '../http/request';

/** Which party's call leg to record (the contract's RecordingChannel). */
export type Channel = RecordingChannel;

/** The validated parameters. */
export interface CreateRecordingParams {
  taskSid: string;
  reservationSid: string;
  callSid: string;
  channel: Channel;
}

/** The raw event fields create-recording reads (a type literal, so it reads as a plain record). */
export type CreateRecordingFields = {
  taskSid?: unknown;
  reservationSid?: unknown;
  callSid?: unknown;
  channel?: unknown;
  Token?: unknown;
};

const SID_FIELDS = [
  { field: 'taskSid', prefix: 'WT', what: 'a TaskRouter task SID' },
  { field: 'reservationSid', prefix: 'WR', what: 'a TaskRouter reservation SID' },
  { field: 'callSid', prefix: 'CA', what: 'a call SID' },
] as const;

/** The event of create-recording: query and body parameters, plus request headers. */
export type CreateRecordingEvent = FunctionEvent<CreateRecordingFields>;

/** Checks the four parameters in order: taskSid, reservationSid, callSid, channel. */
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
export type ControlRecordingFields = {
  taskSid?: unknown;
  reservationSid?: unknown;
  callSid?: unknown;
  Token?: unknown;
};

/** The event of pause-recording / resume-recording: query and body parameters, plus request headers. */
export type ControlRecordingEvent = FunctionEvent<ControlRecordingFields>;

/** Checks taskSid, reservationSid (optional here; authorization decides who may omit it), callSid. */
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
  const params: ControlRecordingParams = { taskSid: taskSid.value, callSid: callSid.value };
  if (reservationSid !== undefined) params.reservationSid = reservationSid;
  return { ok: true, params };
}
