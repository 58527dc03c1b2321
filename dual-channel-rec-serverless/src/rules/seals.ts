/**
 * Seals: what the Functions write on a task and must later trust carries an HMAC that only they can
 * make. Task attributes are shared JSON an agent can rewrite (`ITask.setAttributes`) and, for a task
 * they create, choose outright; three entries there steer the Functions, so each is sealed over its
 * content and the task it belongs to:
 *
 * - a claim (`legs[CA…]`): "this recording was started by the Functions on this leg, after Twilio
 *   showed the leg connected to this task's conference" (what pause/resume and the last-agent stop
 *   act on, what playback lets the handling agent play);
 * - a lease (`leases[RE…]`): "a pause or resume of this recording is in flight" (what others wait for);
 * - an ended seal (`recordings[RE…].ended_seal`): "Twilio reported this recording over" (what lets the
 *   Event Streams sink do nothing without a request);
 * - a stop seal (`recordings[RE…].stop_seal`): "a Function stopped this recording, for this reason"
 *   (`stopped_by`, and for a failed consent announcement Twilio's error code): what lets the CLI's
 *   audit explain a conversation left unrecorded.
 *
 * An entry whose seal does not verify (planted, edited, copied from another task) is ignored and
 * logged, never an error: the real owner's requests go on as if it were not there. A seal does not
 * stop an agent from putting back an entry the Functions really wrote on their own task earlier (a
 * replay); each use below says why that is harmless or bounded.
 *
 * The key is derived from `Config.sealSecret` (STATE_SIGNING_KEY, else the auth token, else the API
 * secret): changing that secret makes every seal written before it unverifiable (README).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/settings';
import type { LogFn } from '../http/log';
import type { ControlLease, LegClaim, RecordingState, StopReason } from '@dual-channel-recording/contract';
import { readProductAttributes } from '@dual-channel-recording/contract';

/** Makes and checks seals with one key. */
export interface TaskSeals {
  /** The seal of a claim on leg `callSid` of task `taskSid`. */
  claim(taskSid: string, callSid: string, claim: LegClaim): string;
  /** The seal of a lease on recording `recordingSid` of task `taskSid`. */
  lease(taskSid: string, recordingSid: string, lease: ControlLease): string;
  /** The seal saying recording `recordingSid` of task `taskSid` is over. */
  ended(taskSid: string, recordingSid: string): string;
  /** The seal saying a Function stopped recording `recordingSid` of task `taskSid`, and why. */
  stopped(taskSid: string, recordingSid: string, stop: SealedStopReason): string;
  /** True when `seal` equals the `expected` seal (constant-time; anything but a string is false). */
  verify(seal: unknown, expected: string): boolean;
}

/**
 * What a stop seal covers besides the task and the recording: the reason, and for `consent_failed`
 * Twilio's error code for the announcement (what the audit reports with it).
 */
export interface SealedStopReason {
  reason: StopReason;
  twilioCode?: number | undefined;
}

const CONTEXT = 'dual-channel-recording task seals v1';
/** 128 bits of HMAC-SHA256, base64url: 22 characters per seal in the task attributes. */
const SEAL_BYTES = 16;

/** Seals keyed from `secret` (the key is an HMAC of a fixed context, so the secret itself is never the key). */
export function createTaskSeals(secret: string): TaskSeals {
  const key = createHmac('sha256', secret).update(CONTEXT).digest();
  const mac = (...parts: string[]): string =>
    createHmac('sha256', key).update(parts.join('\n')).digest().subarray(0, SEAL_BYTES).toString('base64url');
  return {
    claim: (taskSid, callSid, claim) =>
      mac('claim', taskSid, callSid, claim.recording_sid, claim.channel, claim.reservation_sid),
    lease: (taskSid, recordingSid, lease) =>
      mac('lease', taskSid, recordingSid, lease.id, lease.action, String(lease.until)),
    ended: (taskSid, recordingSid) => mac('ended', taskSid, recordingSid),
    stopped: (taskSid, recordingSid, stop) =>
      mac(
        'stopped',
        taskSid,
        recordingSid,
        stop.reason,
        stop.twilioCode === undefined ? '' : String(stop.twilioCode),
      ),
    verify: (seal, expected) => {
      if (typeof seal !== 'string' || seal.length !== expected.length) return false;
      return timingSafeEqual(Buffer.from(seal), Buffer.from(expected));
    },
  };
}

/** The seals of the Functions' settings. */
export function sealsFor(config: Pick<Config, 'sealSecret'>): TaskSeals {
  return createTaskSeals(config.sealSecret.value);
}

/** The claim with its seal, ready to be written on task `taskSid`. */
export function sealedClaim(seals: TaskSeals, taskSid: string, callSid: string, claim: LegClaim): LegClaim {
  const { seal: _ignored, ...content } = claim;
  return { ...content, seal: seals.claim(taskSid, callSid, content) };
}

/** The lease with its seal, ready to be written on task `taskSid`. */
export function sealedLease(
  seals: TaskSeals,
  taskSid: string,
  recordingSid: string,
  lease: ControlLease,
): ControlLease {
  const { seal: _ignored, ...content } = lease;
  return { ...content, seal: seals.lease(taskSid, recordingSid, content) };
}

/** True when the claim on `callSid` carries the Functions' seal for task `taskSid`. */
export function isSealedClaim(seals: TaskSeals, taskSid: string, callSid: string, claim: LegClaim): boolean {
  return seals.verify(claim.seal, seals.claim(taskSid, callSid, claim));
}

/** True when the lease on `recordingSid` carries the Functions' seal for task `taskSid`. */
export function isSealedLease(
  seals: TaskSeals,
  taskSid: string,
  recordingSid: string,
  lease: ControlLease,
): boolean {
  return seals.verify(lease.seal, seals.lease(taskSid, recordingSid, lease));
}

/** True when the attributes hold the Functions' seal saying recording `recordingSid` of task `taskSid` is over. */
export function isSealedEnded(
  seals: TaskSeals,
  taskSid: string,
  recordingSid: string,
  endedSeal: string | undefined,
): boolean {
  return seals.verify(endedSeal, seals.ended(taskSid, recordingSid));
}

/** What a recording's entry says about its stop, as the stop seal covers it (undefined: not stopped by a Function). */
export function stopReasonOf(state: RecordingState): SealedStopReason | undefined {
  if (state.stopped_by === undefined) return undefined;
  return state.stopped_by === 'consent_failed'
    ? { reason: state.stopped_by, twilioCode: state.consent?.error_code }
    : { reason: state.stopped_by };
}

/**
 * True when the entry of recording `recordingSid` of task `taskSid` says why a Function stopped it
 * (`stopped_by`, with the consent's error code) under the Functions' stop seal. A copy onto another
 * task or recording, or a changed reason or code, does not verify.
 */
export function isSealedStop(
  seals: TaskSeals,
  taskSid: string,
  recordingSid: string,
  state: RecordingState,
): boolean {
  const stop = stopReasonOf(state);
  return stop !== undefined && seals.verify(state.stop_seal, seals.stopped(taskSid, recordingSid, stop));
}

/**
 * The claims of task `taskSid` the Functions wrote (by call SID); every other one is left out and
 * logged as `unsealed_claim_ignored` (recording and call SIDs only).
 */
export function sealedClaims(
  attributes: unknown,
  taskSid: string,
  seals: TaskSeals,
  log?: LogFn,
): Record<string, LegClaim> {
  const out: Record<string, LegClaim> = {};
  for (const [callSid, claim] of Object.entries(readProductAttributes(attributes).legs)) {
    if (isSealedClaim(seals, taskSid, callSid, claim)) out[callSid] = claim;
    else log?.('unsealed_claim_ignored', { taskSid, callSid, recordingSid: claim.recording_sid });
  }
  return out;
}

/** The claim on `callSid` if the Functions wrote it for task `taskSid` (otherwise logged and undefined). */
export function sealedClaimFor(
  attributes: unknown,
  taskSid: string,
  callSid: string,
  seals: TaskSeals,
  log?: LogFn,
): LegClaim | undefined {
  const claim = readProductAttributes(attributes).legs[callSid];
  if (claim === undefined) return undefined;
  if (isSealedClaim(seals, taskSid, callSid, claim)) return claim;
  log?.('unsealed_claim_ignored', { taskSid, callSid, recordingSid: claim.recording_sid });
  return undefined;
}
