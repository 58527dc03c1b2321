import { randomUUID } from 'node:crypto';
import { FUNCTION_LIMITS } from '@dual-channel-recording/contract';
import { ApiError } from '../http/api-error';
import type { BrowserRequest } from '../http/browser-route';
import type { FlexIdentity } from '../http/flex-token';
import type { LogFn } from '../http/log';
import type { RouteReply } from '../http/route';
import type { PauseBehavior } from '../config/settings';
import { TaskContentionError, TwilioApiError, isTwilioCode, isTwilioNotFound } from '../twilio/errors';
import type {
  CallInfo,
  RecordingInfo,
  ReservationInfo,
  TaskEvent,
  TaskSnapshot,
  TwilioGateway,
} from '../twilio/gateway';
import { ACTIVE_RECORDING_STATUSES } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import * as attributes from '../rules/attributes';
import type {
  ComplianceSettingsResult,
  ConsentResult,
  AuditEntry,
  ControlAction,
  ControlLease,
  ControlRecordingResponse,
  LegClaim,
} from '@dual-channel-recording/contract';
import type { RecordingOrigin } from '../rules/attributes';
import * as authorization from '../rules/authorization';
import type { ControlGrant } from '../rules/authorization';
import type { ConferenceRead } from '../steps/leg-reads';
import { allInOrder, fetchTaskOr, notFoundAs, participantOf, readConference } from '../steps/leg-reads';
import type { ControlRecordingParams } from '../http/route-params';
import type { ConsentTarget } from '../steps/consent';
import { announceConsent } from '../steps/consent';
import type { TaskSeals } from '../rules/seals';
import { isSealedLease, sealedClaimFor, sealedLease } from '../rules/seals';
import { attributesInEvents, sealedClaimsIn, sealedRecordingsOfLeg } from '../rules/task-claims';
import { requestContext } from './request-context';

/** Budget kept for a request's own Twilio work after waiting for a lease (four requests, retries). */
const MIN_WORK_MS = 3000;

/** What {@link controlRecording} needs from the outside world. */
export interface ControlDeps {
  gateway: TwilioGateway;
  validateToken: (token: string) => Promise<FlexIdentity>;
  pauseBehavior: PauseBehavior;
  pauseRoles: readonly string[];
  now: () => number;
  log: LogFn;
  /** Waits before looking at a lease someone else holds again. */
  sleep: (ms: number) => Promise<void>;
  /** Whether there is time left to wait for another request's lease (the deadline's say). */
  mayWait: () => boolean;
  /** A fresh, unguessable lease id. */
  newLeaseId: () => string;
  /** The admin's compliance settings (consent on resume); without it, no announcement. */
  complianceSettings?: () => Promise<ComplianceSettingsResult>;
  /** The Functions' seals: only a claim and a lease they wrote count. */
  seals: TaskSeals;
}

/** The Twilio recording status each action asks for. */
export const TARGET_STATUS: Readonly<Record<ControlAction, ControlRecordingResponse['status']>> = {
  pause: 'paused',
  resume: 'in-progress',
};

/**
 * How long a lease holds: two Function lifetimes ({@link FUNCTION_LIMITS}), longer than a Function
 * can live plus the SDK's timeout on its last request (the request's budget), so a holder that
 * died cannot have a Twilio write still landing once it expires.
 */
export const LEASE_MS = 2 * FUNCTION_LIMITS.executionMs;

/** Pause between two looks at a lease another request holds (jittered by the caller). */
const LEASE_POLL_MS = 150;

function noRecording(message: string, field: string): ApiError {
  return new ApiError('no_recording', message, { field });
}

function notLive(message: string, cause?: TwilioApiError): ApiError {
  return new ApiError('call_not_in_progress', message, {
    field: 'callSid',
    twilioCode: cause?.code,
    moreInfo: cause?.moreInfo,
  });
}

/** What Twilio and the task say, once the caller is authorized for this leg and recording. */
interface ControlTarget {
  task: TaskSnapshot;
  /** The leg, as Twilio reports it. */
  call: CallInfo;
  recording: RecordingInfo;
  claim: LegClaim;
  /**
   * The product's other active recordings of the leg (a sealed claim of this task names each, in the
   * task or in any version TaskRouter's event log keeps), as Twilio listed them: a pause pauses them
   * too, a resume leaves them as they are. Another system's recordings of the call are never here.
   */
  duplicates: RecordingInfo[];
  grant: ControlGrant;
  /** The task's conference, when the leg is in one (the customer hears a consent announcement there). */
  conferenceSid: string | undefined;
}

/** The task's TaskRouter event log, read at most once per request, and only when first asked for. */
function eventLogOnce(gateway: TwilioGateway, taskSid: string): () => Promise<TaskEvent[]> {
  let read: Promise<TaskEvent[]> | undefined;
  return () =>
    (read ??= gateway
      .listTaskEvents(taskSid)
      .catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e))));
}

/**
 * The sealed claim on the leg: the task's own, else the latest one TaskRouter's event log holds (an
 * agent who overwrote or removed the sealed claim on their task cannot remove it from the log, so a
 * supervisor's pause still finds the recording). One more REST read, only when the task's claim is
 * missing or unsealed.
 */
async function claimOfLeg(
  task: TaskSnapshot,
  params: ControlRecordingParams,
  deps: ControlDeps,
  eventLog: () => Promise<TaskEvent[]>,
): Promise<LegClaim | undefined> {
  const current = sealedClaimFor(task.attributes, params.taskSid, params.callSid, deps.seals, deps.log);
  if (current) return current;
  const events = await eventLog();
  const latestFirst = [...events].sort((a, b) => b.at - a.at);
  return sealedClaimsIn(attributesInEvents(latestFirst), params.taskSid, deps.seals).find(
    (c) => c.callSid === params.callSid,
  )?.claim;
}

/**
 * The product's active recordings of the leg other than the claimed one ({@link ControlTarget}'s
 * `duplicates`). An agent can delete every trace of a recorded leg from their task and get a new
 * start to record it again, so the task alone cannot say which of the call's recordings are ours;
 * the event log keeps the claim of each. It is read (once per request, shared with
 * {@link claimOfLeg}) only when Twilio lists another active recording of the leg: none in the common
 * case, so no request of its own there.
 */
async function duplicatesOfClaimed(
  task: TaskSnapshot,
  recordings: readonly RecordingInfo[],
  claimedSid: string,
  params: ControlRecordingParams,
  deps: ControlDeps,
  eventLog: () => Promise<TaskEvent[]>,
): Promise<RecordingInfo[]> {
  const others = recordings.filter(
    (r) =>
      r.sid !== claimedSid && r.callSid === params.callSid && ACTIVE_RECORDING_STATUSES.includes(r.status),
  );
  if (others.length === 0) return [];
  const versions = [task.attributes, ...attributesInEvents(await eventLog())];
  const ours = sealedRecordingsOfLeg(versions, params.taskSid, params.callSid, deps.seals);
  return others.filter((r) => ours.has(r.sid));
}

/**
 * Authorization, from Twilio's facts only: the grant (the reservation's owner, or a PAUSE_ROLES
 * role), the leg (in the task's conference, or the task's own internal call; an owner's agent leg
 * must be their own), and the recording (one of that call's recordings, by `/Calls/{CA}/Recordings`).
 * The claim in the task attributes says which of the call's recordings the product started, and only
 * a claim the Functions sealed on this task counts: an agent could otherwise point it at another
 * system's recording of their call.
 */
async function authorizeControlTarget(
  params: ControlRecordingParams,
  worker: FlexIdentity,
  deps: ControlDeps,
): Promise<ControlTarget> {
  const { gateway } = deps;
  const [task, reservation, call, conference, recordings] = await allInOrder<
    [TaskSnapshot, ReservationInfo | undefined, CallInfo, ConferenceRead, RecordingInfo[]]
  >([
    fetchTaskOr(gateway, params.taskSid, 'no_recording'),
    params.reservationSid === undefined
      ? Promise.resolve(undefined)
      : gateway.fetchReservation(params.taskSid, params.reservationSid).catch((e: unknown) =>
          // Not on this task (or gone): for authorization that is the same as not the caller's.
          isTwilioNotFound(e) ? undefined : Promise.reject(e),
        ),
    gateway
      .fetchCall(params.callSid)
      .catch(notFoundAs('no_recording', `Call ${params.callSid} was not found`, 'callSid')),
    readConference(gateway, params.taskSid, params.callSid, params.conferenceSid),
    gateway.listCallRecordings(params.callSid),
  ]);
  const grant = authorization.authorizeControl(worker, params, reservation, deps.pauseRoles);
  // The pause contract has one authorization code: a leg-membership refusal is answered as `forbidden`.
  const taskConference = authorization.taskConference(conference.read, params.taskSid, 'forbidden');
  if (taskConference) {
    const participant = await participantOf(gateway, conference, taskConference.sid, params.callSid);
    if (!authorization.isConnected(participant)) {
      // A leg that hung up has left the conference: that is "ended" (409), not "not yours".
      if (call.status !== 'in-progress')
        throw notLive(`Call ${params.callSid} is ${call.status}: the call ended`);
      throw new ApiError(
        'forbidden',
        `Call ${params.callSid} is not a participant of the conference of task ${params.taskSid}`,
        { field: 'callSid' },
      );
    }
  } else {
    authorization.checkInternalLegForGrant(task, call, grant, worker);
  }
  authorization.checkLegForGrant(call, grant, worker);
  // The claim is looked at only once the caller is authorized for the leg: a claim an agent planted
  // on their own task never turns a "not yours" (403) into anything else.
  const eventLog = eventLogOnce(gateway, params.taskSid);
  const claim = await claimOfLeg(task, params, deps, eventLog);
  if (!claim) {
    throw noRecording(
      `No recording is claimed for call ${params.callSid} on task ${params.taskSid} (never started, or the call is excluded from recording)`,
      'callSid',
    );
  }
  const recording = recordings.find((r) => r.sid === claim.recording_sid);
  if (!recording) {
    throw noRecording(
      `Recording ${claim.recording_sid} is not a recording of call ${params.callSid}`,
      'callSid',
    );
  }
  if (!ACTIVE_RECORDING_STATUSES.includes(recording.status)) {
    throw notLive(
      `Recording ${recording.sid} is ${recording.status}: the call ended, so there is nothing to change`,
    );
  }
  const duplicates = await duplicatesOfClaimed(task, recordings, recording.sid, params, deps, eventLog);
  return { task, call, recording, claim, duplicates, grant, conferenceSid: taskConference?.sid };
}

/**
 * Pauses or resumes the recording of a task's leg, and records the action on the task.
 *
 * (1) The token, alone: nothing goes to Twilio for a caller who is not a valid Flex user. (2) The
 * task, the reservation, the call, the conference (and participant, when the plugin names the
 * conference) and the call's recordings, at once; then authorization from those facts
 * ({@link authorizeControlTarget}).
 *
 * Then the PCI invariant: at every instant, "the task says paused" implies "Twilio has the
 * recording paused, and every other recording of ours on the leg too", under any interleaving of
 * concurrent requests and any delay of their writes; and once they are done, the flag, Twilio and
 * the last request that changed something agree. "Ours" is what a sealed claim of the task names in
 * any version TaskRouter's event log keeps (`duplicates`): an agent who deleted the leg's claim from
 * their task and got it recorded again cannot keep the first recording running through a pause. A
 * pause pauses those duplicates with the claimed recording (same PauseBehavior, same lease, and a
 * failure on one fails the request alike); a resume resumes the claimed recording only.
 * Requests serialise through a lease in the task attributes, taken and given back with If-Match:
 *
 * - take the lease (a compare-and-set on the task; a resume also clears the paused flag in the same
 *   write, before Twilio resumes). A live lease held by another request means wait and look again,
 *   within the deadline, then 503 `recording_busy` (the plugin retries it);
 * - holding it, read the recording's status from Twilio and change it if needed;
 * - give the lease back in one compare-and-set that also sets the flag (a pause: paused, only now
 *   that Twilio confirmed) and the audit entry. If the lease is no longer ours (it expired), the
 *   flag is left to the request that holds it.
 *
 * Only lease holders write Twilio's pause state or the flag, one at a time, so no other request's
 * Twilio write can land between a pause's confirmation and its flag. A failure that leaves a Twilio
 * write possibly in flight (no answer, deadline) keeps the lease until it expires ({@link LEASE_MS}).
 * A request that finds Twilio and the flag already as asked, with no lease held, answers
 * `changed: false` without writing anything.
 *
 * A PAUSE_ROLES pause (a supervisor) pauses Twilio first, before it looks at the lease: a pause on
 * Twilio can never make the flag lie, and a lease can be put back on the task by the agent who saw
 * it (a replay of one the Functions really took), so no lease may hold a supervisor's pause off.
 * It then takes the lease as above to set the flag; if the lease stays taken past its budget, it
 * answers the pause done, with the audit entry and without the flag (the flag only ever errs
 * towards "recording").
 */
export async function controlRecording(
  action: ControlAction,
  params: ControlRecordingParams,
  token: string,
  deps: ControlDeps,
): Promise<ControlRecordingResponse> {
  const { log } = deps;
  const worker = await deps.validateToken(token);
  const { task, call, recording, claim, duplicates, grant, conferenceSid } = await authorizeControlTarget(
    params,
    worker,
    deps,
  );
  const recordingSid = recording.sid;
  const target = TARGET_STATUS[action];
  const paused = target === 'paused';
  const flagged = attributes.recordingStateFor(task.attributes, recordingSid)?.paused === true;
  const leased = liveLease(task.attributes, task.sid, recordingSid, deps) !== undefined;
  const grantName = grant.kind === 'role' ? `role:${grant.role}` : 'owner';
  // A pause pauses our other recordings of the leg Twilio listed as recording; a resume leaves them
  // paused: they duplicate the claimed recording, which alone goes on.
  const extra: DuplicatePauses = {
    pending: paused ? duplicates.filter((d) => d.status !== 'paused') : [],
    paused: [],
  };
  if (!paused) {
    for (const d of duplicates) {
      log(d.status === 'paused' ? 'duplicate_recording_left_paused' : 'duplicate_recording_running', {
        taskSid: params.taskSid,
        callSid: params.callSid,
        recordingSid: d.sid,
        claimedSid: recordingSid,
      });
    }
  }
  if (recording.status === target && flagged === paused && !leased && extra.pending.length === 0) {
    log(`recording_already_${target}`, {
      taskSid: params.taskSid,
      callSid: params.callSid,
      recordingSid,
      workerSid: worker.workerSid,
      grant: grantName,
      taskWritten: false,
    });
    return { recordingSid, callSid: params.callSid, status: target, changed: false };
  }

  const origin = { call_sid: params.callSid, channel: claim.channel, reservation_sid: claim.reservation_sid };
  const audit = (): AuditEntry => ({
    action,
    recording_sid: recordingSid,
    call_sid: params.callSid,
    by: { worker_sid: worker.workerSid, identity: worker.identity, roles: worker.roles },
    at: new Date(deps.now()).toISOString(),
    ...(extra.paused.length > 0 ? { duplicates_paused: [...extra.paused] } : {}),
  });
  const ids = {
    taskSid: params.taskSid,
    callSid: params.callSid,
    recordingSid,
    workerSid: worker.workerSid,
    grant: grantName,
  };
  // A supervisor's pause reaches Twilio before anything on the task can hold it off.
  const pausedFirst =
    action === 'pause' && grant.kind === 'role'
      ? await applyOnTwilio(action, params, recordingSid, extra, deps)
      : false;
  const lease = sealedLease(deps.seals, task.sid, recordingSid, {
    id: deps.newLeaseId(),
    action,
    until: deps.now() + LEASE_MS,
  });
  let held: HeldLease;
  try {
    held = await takeLease(task, recordingSid, lease, origin, deps);
  } catch (error) {
    if (action !== 'pause' || grant.kind !== 'role' || !isBusy(error)) throw error;
    // Twilio is paused; the flag waits for the lease (it stays "not paused", the safe side).
    if (pausedFirst) await appendAudit(params.taskSid, audit(), deps).catch(() => undefined);
    log(pausedFirst ? 'recording_paused' : 'recording_already_paused', {
      ...ids,
      taskWritten: false,
      flag: 'deferred_lease_busy',
    });
    return { recordingSid, callSid: params.callSid, status: target, changed: pausedFirst };
  }

  let changed: boolean;
  try {
    changed = (await applyOnTwilio(action, params, recordingSid, extra, deps)) || pausedFirst;
  } catch (error) {
    // A refusal Twilio answered changed nothing: give the lease back. Without an answer (network,
    // deadline) a write may still land, so the lease is kept until it expires.
    if (error instanceof ApiError || (error instanceof TwilioApiError && error.status >= 400)) {
      await giveLeaseBack(params.taskSid, recordingSid, lease, held, deps, () => ({})).catch(() => undefined);
    }
    throw error;
  }

  const entry = audit();
  const { at } = entry;
  // A request that changed nothing on Twilio but finds the flag wrong repairs it, with its audit
  // entry: the trail then shows who asked for the state the recording is in.
  const repair = held.flagBefore !== paused;
  let written = false;
  try {
    written = await giveLeaseBack(params.taskSid, recordingSid, lease, held, deps, (attrs) => {
      const flagged = attributes.withPausedFlag(attrs, { recordingSid, origin, paused, at });
      return changed || repair ? attributes.withAudit(flagged, entry) : flagged;
    });
  } catch (error) {
    // Twilio already did what was asked; a task deleted meanwhile only loses the flag and the trail.
    if (!isTwilioNotFound(error)) throw error;
    log('task_gone_after_change', { taskSid: params.taskSid, recordingSid, action });
  }
  log(changed ? `recording_${action}d` : `recording_already_${target}`, { ...ids, taskWritten: written });
  const reply: ControlRecordingResponse = { recordingSid, callSid: params.callSid, status: target, changed };
  // Only the request that resumed Twilio's recording (under the lease) may announce, once.
  const consent =
    action === 'resume' && changed
      ? await announceOnResume(
          {
            task,
            conferenceSid,
            callSid: params.callSid,
            call,
            channel: claim.channel,
            recordingSid,
            origin,
            on: 'resume',
          },
          deps,
        )
      : undefined;
  return consent ? { ...reply, consent } : reply;
}

/** The resume's consent step; settings that do not parse were refused at the start and are only logged here. */
async function announceOnResume(
  target: ConsentTarget,
  deps: ControlDeps,
): Promise<ConsentResult | undefined> {
  if (!deps.complianceSettings) return undefined;
  const settings = await deps.complianceSettings();
  if (!settings.ok) {
    deps.log('consent_settings_invalid', { taskSid: target.task.sid, setting: settings.problems[0].setting });
    return undefined;
  }
  return announceConsent(target, settings.settings, deps);
}

/**
 * The recording's lease while it holds, if a Function took it. A lease without the Functions' seal
 * for this task and recording (planted, edited, copied from another task) is ignored and logged, so
 * nobody can block pause and resume by writing one; one whose `until` is further away than
 * {@link LEASE_MS} cannot be a Function's either. A sealed lease an agent put back after it was
 * given back holds at most until its own `until` (at most LEASE_MS after a Function took it), and
 * never holds off a supervisor's pause (see {@link controlRecording}).
 */
function liveLease(
  taskAttributes: Record<string, unknown>,
  taskSid: string,
  recordingSid: string,
  deps: Pick<ControlDeps, 'seals' | 'now' | 'log'>,
): ControlLease | undefined {
  const lease = attributes.leaseFor(taskAttributes, recordingSid);
  if (lease === undefined) return undefined;
  if (!isSealedLease(deps.seals, taskSid, recordingSid, lease)) {
    deps.log('unsealed_lease_ignored', { taskSid, recordingSid });
    return undefined;
  }
  const now = deps.now();
  return lease.until > now && lease.until <= now + LEASE_MS ? lease : undefined;
}

function isBusy(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'recording_busy';
}

/** Appends an audit entry alone (compare-and-set, no lease: the trail never touches the paused flag). */
async function appendAudit(taskSid: string, entry: AuditEntry, deps: ControlDeps): Promise<void> {
  await updateTaskWithRetry(deps.gateway, taskSid, (task) => attributes.withAudit(task.attributes, entry), {
    onConflict: (attempt) => deps.log('task_attributes_conflict', { taskSid, attempt }),
  });
}

/** The lease as taken: the task as written (to give it back without a read) and the flag found. */
interface HeldLease {
  task: TaskSnapshot | undefined;
  flagBefore: boolean;
}

/**
 * Takes the recording's lease with If-Match (a resume clears the paused flag in the same write).
 * A live lease of another request, or every write round lost to other writers (TaskContentionError):
 * wait, read again, within the deadline; then 503 recording_busy.
 */
async function takeLease(
  firstRead: TaskSnapshot,
  recordingSid: string,
  lease: ControlLease,
  origin: RecordingOrigin,
  deps: ControlDeps,
): Promise<HeldLease> {
  const { gateway } = deps;
  let task = firstRead;
  for (let look = 1; ; look += 1) {
    let busy = false;
    let flagBefore = false;
    let wrote: Record<string, unknown> = {};
    const result = await updateTaskWithRetry(
      gateway,
      task.sid,
      (current) => {
        busy = liveLease(current.attributes, task.sid, recordingSid, deps) !== undefined;
        if (busy) return undefined;
        flagBefore = attributes.recordingStateFor(current.attributes, recordingSid)?.paused === true;
        let next = attributes.withLease(current.attributes, recordingSid, lease);
        // Before Twilio resumes, the task stops saying "paused": never the other way round.
        if (lease.action === 'resume') {
          next = attributes.withPausedFlag(next, {
            recordingSid,
            origin,
            paused: false,
            at: new Date(deps.now()).toISOString(),
          });
        }
        wrote = next;
        return next;
      },
      {
        firstRead: task,
        onConflict: (attempt) => deps.log('task_attributes_conflict', { taskSid: task.sid, attempt }),
      },
    ).catch((error: unknown) => {
      // Every round lost to other writers (concurrent pauses and resumes taking and giving back
      // leases): as busy as a lease held, so waited for and answered alike, never as Twilio's failure.
      if (error instanceof TaskContentionError) return { written: false as const };
      throw error;
    });
    if (result.written) {
      const after = result.etag === undefined ? undefined : { ...task, attributes: wrote, etag: result.etag };
      return { task: after, flagBefore };
    }
    if (!deps.mayWait()) {
      throw new ApiError(
        'recording_busy',
        'Another pause or resume of this recording is in progress; try again in a moment',
        { field: 'callSid', retryAfterSeconds: 1 },
      );
    }
    deps.log('recording_lease_busy', { taskSid: task.sid, recordingSid, look });
    await deps.sleep(LEASE_POLL_MS + Math.round(LEASE_POLL_MS * Math.random()));
    task = await gateway.fetchTask(task.sid);
  }
}

/**
 * Gives the lease back in one If-Match write with `change` applied (the flag and audit entry). If
 * the lease is no longer ours (it expired and another request took it), nothing is written.
 * Answers whether the task was written.
 */
async function giveLeaseBack(
  taskSid: string,
  recordingSid: string,
  lease: ControlLease,
  held: HeldLease,
  deps: ControlDeps,
  change: (attrs: Record<string, unknown>) => Record<string, unknown>,
): Promise<boolean> {
  const result = await updateTaskWithRetry(
    deps.gateway,
    taskSid,
    (current) => {
      if (attributes.leaseFor(current.attributes, recordingSid)?.id !== lease.id) return undefined;
      return attributes.withLease(change(current.attributes), recordingSid, undefined);
    },
    {
      ...(held.task ? { firstRead: held.task } : {}),
      onConflict: (attempt) => deps.log('task_attributes_conflict', { taskSid, attempt }),
    },
  );
  return result.written;
}

/** A pause's other recordings of ours on the leg: those still to pause on Twilio, and those it paused. */
interface DuplicatePauses {
  pending: RecordingInfo[];
  paused: string[];
}

/**
 * Holding the lease (or, for a supervisor's pause, before it): sets the action's status on the
 * claimed recording if Twilio reports it otherwise, and pauses the duplicates still pending, all at
 * once. Every write is waited for before a failure is answered (the first one, the claimed
 * recording's before a duplicate's), so no write of this request is in flight once the caller gives
 * the lease back. Answers whether Twilio was changed.
 */
async function applyOnTwilio(
  action: ControlAction,
  leg: Pick<ControlRecordingParams, 'taskSid' | 'callSid'>,
  recordingSid: string,
  duplicates: DuplicatePauses,
  deps: ControlDeps,
): Promise<boolean> {
  const pending = duplicates.pending.splice(0);
  const [claimed, ...others] = await Promise.allSettled([
    applyOnRecording(action, leg.callSid, recordingSid, deps),
    ...pending.map((d) => pauseDuplicate(leg, d.sid, deps)),
  ]);
  others.forEach((result, i) => {
    if (result.status === 'fulfilled' && result.value) duplicates.paused.push(pending[i].sid);
  });
  const failed = [claimed, ...others].find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return (
    (claimed.status === 'fulfilled' && claimed.value) ||
    others.some((r) => r.status === 'fulfilled' && r.value)
  );
}

/**
 * Pauses one of our other recordings of the leg (listed active in round one). One that no longer
 * exists records nothing: not a failure. Twilio's refusals are answered as for the claimed recording.
 */
async function pauseDuplicate(
  leg: Pick<ControlRecordingParams, 'taskSid' | 'callSid'>,
  recordingSid: string,
  deps: ControlDeps,
): Promise<boolean> {
  const { callSid } = leg;
  const ids = { taskSid: leg.taskSid, callSid, recordingSid };
  try {
    await deps.gateway.setRecordingStatus(callSid, recordingSid, 'paused', deps.pauseBehavior);
  } catch (error) {
    if (isTwilioNotFound(error)) {
      deps.log('duplicate_recording_gone', ids);
      return false;
    }
    throw twilioRefusal(error, 'pause', callSid);
  }
  deps.log('duplicate_recording_paused', ids);
  return true;
}

/** Twilio's 21220 on a recording update (the call hung up) as the 409 the caller is answered. */
function twilioRefusal(error: unknown, action: ControlAction, callSid: string): unknown {
  if (!isTwilioCode(error, 21220)) return error;
  return notLive(
    `Call ${callSid} is no longer in progress (hung up), so its recording cannot be ${action}d`,
    error,
  );
}

/** Reads the claimed recording's status from Twilio and sets the action's status if it differs. */
async function applyOnRecording(
  action: ControlAction,
  callSid: string,
  recordingSid: string,
  deps: ControlDeps,
): Promise<boolean> {
  const { gateway } = deps;
  const current = await gateway.fetchRecording(callSid, recordingSid);
  if (!current) throw noRecording(`Recording ${recordingSid} of call ${callSid} no longer exists`, 'callSid');
  if (!ACTIVE_RECORDING_STATUSES.includes(current.status)) {
    throw notLive(
      `Recording ${recordingSid} is ${current.status}: the call ended, so there is nothing to ${action}`,
    );
  }
  const target = TARGET_STATUS[action];
  if (current.status === target) return false;
  try {
    await gateway.setRecordingStatus(callSid, recordingSid, target, deps.pauseBehavior);
  } catch (error) {
    if (isTwilioNotFound(error)) throw noRecording(`Recording ${recordingSid} no longer exists`, 'callSid');
    throw twilioRefusal(error, action, callSid);
  }
  return true;
}

async function runControl(
  action: ControlAction,
  request: BrowserRequest<ControlRecordingParams>,
): Promise<RouteReply> {
  const { params, token, config, log } = request;
  const { gateway, deadline, flex, seals, validateToken } = requestContext(request);
  const body = await controlRecording(action, params, token, {
    complianceSettings: () => flex.compliance(),
    gateway,
    validateToken,
    pauseBehavior: config.pauseBehavior,
    pauseRoles: config.pauseRoles,
    now: () => Date.now(),
    log,
    sleep: (ms) => deadline.timing.sleep(ms),
    // Keep enough of the budget to do our own work once the lease is free.
    mayWait: () => deadline.remaining() > MIN_WORK_MS,
    newLeaseId: () => randomUUID(),
    seals,
  });
  return { status: 200, body };
}

/** POST /pause-recording's work, with the real Twilio: pause the leg's recording, 200. */
export function runPauseRecording(request: BrowserRequest<ControlRecordingParams>): Promise<RouteReply> {
  return runControl('pause', request);
}

/** POST /resume-recording's work, with the real Twilio: resume the leg's recording, 200. */
export function runResumeRecording(request: BrowserRequest<ControlRecordingParams>): Promise<RouteReply> {
  return runControl('resume', request);
}
