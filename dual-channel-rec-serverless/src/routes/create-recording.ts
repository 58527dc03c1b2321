import { ApiError } from '../http/api-error';
import type { BrowserRequest } from '../http/browser-route';
import type { FlexIdentity } from '../http/flex-token';
import type { LogFn } from '../http/log';
import type { RouteReply } from '../http/route';
import { isTwilioNotFound } from '../twilio/errors';
import type {
  CallInfo,
  ParticipantInfo,
  RecordingInfo,
  ReservationInfo,
  TaskSnapshot,
  TwilioGateway,
} from '../twilio/gateway';
import { ACTIVE_RECORDING_STATUSES } from '../twilio/gateway';
import type { Deadline } from '../twilio/retry';
import { updateTaskWithRetry } from '../twilio/task-update';
import type { CreateRecordingResponse } from '@dual-channel-recording/contract';
import { buildMediaEntry, insightsMediaUrl } from '@dual-channel-recording/contract';
import * as attributes from '../rules/attributes';
import type { OutboundFill } from '../rules/attributes';
import * as authorization from '../rules/authorization';
import type { LegMembership } from '../rules/authorization';
import type { ComplianceSettingsResult, ExclusionSettingsResult } from '@dual-channel-recording/contract';
import { DEFAULT_COMPLIANCE_SETTINGS } from '@dual-channel-recording/contract';
import { announceConsent } from '../steps/consent';
import { checkNotExcluded } from '../steps/exclusions';
import { requireComplianceSettings } from '../steps/flex-settings';
import type { ConferenceRead } from '../steps/leg-reads';
import {
  allInOrder,
  customerCall,
  fetchTaskOr,
  notFoundAs,
  participantOf,
  readConference,
} from '../steps/leg-reads';
import type { CreateRecordingParams } from '../http/route-params';
import type { TaskSeals } from '../rules/seals';
import { sealedClaim, sealedClaimFor } from '../rules/seals';
import { statusCallbackUrl } from '../webhooks/recording-status-callback';
import { requestContext } from './request-context';

/** 201 for a recording this request started, 200 for one that was already running. */
export interface StartResult {
  status: 200 | 201;
  body: CreateRecordingResponse;
}

/** What {@link startRecording} needs from the outside world. */
export interface StartDeps {
  gateway: TwilioGateway;
  validateToken: (token: string) => Promise<FlexIdentity>;
  /**
   * This service's public base URL: the status callback is its /recording-status route, and the
   * media entry's `url_provider` its /playback-recording route.
   */
  statusCallbackBase: string;
  /** The admin's exclusion settings (the Flex configuration, cached by a warm instance). */
  exclusionSettings: (gateway: TwilioGateway, now: number) => Promise<ExclusionSettingsResult>;
  /**
   * The admin's compliance settings, from the same read of the Flex configuration (consent
   * announcement); without it, the defaults (no announcement).
   */
  complianceSettings?: (gateway: TwilioGateway, now: number) => Promise<ComplianceSettingsResult>;
  now: () => number;
  log: LogFn;
  /** The Functions' seals: a claim only counts when they wrote it, and every claim written is sealed. */
  seals: TaskSeals;
  /**
   * The request's time phases (`Deadline`): a create only starts within the first, and a recording
   * that exists gets the time to be named or stopped. Absent in tests that do not time anything.
   */
  phases?: Pick<Deadline, 'enterCommit' | 'enterCleanup'>;
}

function isActive(recording: RecordingInfo): boolean {
  return ACTIVE_RECORDING_STATUSES.includes(recording.status);
}

/** The oldest of several active recordings (by creation, then SID, so every caller picks the same). */
export function oldest(recordings: RecordingInfo[]): RecordingInfo {
  return [...recordings].sort((a, b) => {
    const byDate = (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0);
    return byDate !== 0 ? byDate : a.sid.localeCompare(b.sid);
  })[0];
}

/**
 * Starts (or finds) the dual-channel recording of one leg and records it on the task.
 *
 * Round trips before the create: (1) the token, alone (a warm instance keeps a validated one):
 * nothing goes to Twilio for a caller who is not a valid Flex user; (2) reservation, task + ETag,
 * call, the task's conference and the exclusion settings (cached by a warm instance), all at once,
 * with the call's participant too when the plugin names the conference (`conferenceSid`, checked
 * against Twilio's binding: friendly name = task SID, in progress); an old plugin without it costs
 * (3) the participant lookup. With `customerCallSid` (worker channel, outbound task without
 * `call_sid`) round two lists the conference's participants instead of fetching the one, and reads
 * the named call: the outbound fill then needs no reads after the create. Then authorization, then
 * exclusions (403 `recording_excluded`), before anything is written.
 *
 * Idempotency, without locks (Functions run in many processes). Twilio lets a call have several
 * active recordings, so only the leg's recordings list shows one of ours already running; it is
 * read when one may be: in round two for a retry (`attempt` 2 or more) or an older plugin (no
 * `attempt`), and after the checks when the task attributes name the leg (a claim or a recording
 * entry: a repeat, another tab, a transfer). An existing one is answered with `alreadyRecording:
 * true`. A first try on a task that names nothing of the leg creates without it. `attempt` can only
 * add the list: the task's say is read on every try. Two requests that both saw none both create,
 * then race to write their claim into the task attributes with If-Match on the ETag read in round
 * two: Twilio lets exactly one write win; the other gets 412, re-reads, finds the winner's claim
 * still active, stops its own recording and deletes it, and answers with the winner's. A claim whose
 * recording is no longer active (stopped earlier, call restarted) is stale and is replaced. Claim,
 * media entry and outbound fill go in the same write, so attributes never name a loser. What is left
 * uncovered (an agent who erases every trace of the leg from their task, then starts a first try,
 * gets a second recording; pause and the sink still find it) is in docs/security.md.
 */
export async function startRecording(
  params: CreateRecordingParams,
  token: string,
  deps: StartDeps,
): Promise<StartResult> {
  const { gateway, log } = deps;
  const worker = await deps.validateToken(token);
  // A retry may follow a try that created a recording and could neither name nor stop it, and an
  // older plugin says nothing: both look at once.
  const retryOrOlderPlugin = params.attempt === undefined || params.attempt > 1;
  const namedCustomer = customerCallHint(params);
  const [reservation, task, call, conference, activeOnRetry, named, settings] = await allInOrder<
    [
      ReservationInfo,
      TaskSnapshot,
      CallInfo,
      ConferenceRead,
      RecordingInfo[] | undefined,
      CallInfo | undefined,
      ExclusionSettingsResult,
    ]
  >([
    gateway
      .fetchReservation(params.taskSid, params.reservationSid)
      .catch(
        notFoundAs(
          'reservation_not_found',
          `Reservation ${params.reservationSid} was not found on task ${params.taskSid}`,
          'reservationSid',
        ),
      ),
    fetchTaskOr(gateway, params.taskSid, 'task_not_found'),
    gateway
      .fetchCall(params.callSid)
      .catch(notFoundAs('call_not_found', `Call ${params.callSid} was not found`, 'callSid')),
    readConference(gateway, params.taskSid, params.callSid, params.conferenceSid, {
      listParticipants: namedCustomer !== undefined,
    }),
    retryOrOlderPlugin ? gateway.listActiveRecordings(params.callSid) : Promise.resolve(undefined),
    // Only a hint: a call that cannot be read is left out, and the fill looks for the customer itself.
    namedCustomer === undefined
      ? Promise.resolve(undefined)
      : gateway.fetchCall(namedCustomer).catch(() => undefined),
    deps.exclusionSettings(gateway, deps.now()),
  ]);
  const membership = authorization.authorizeStart(
    { reservation, task, call, conference: conference.read },
    params,
    worker,
  );
  if (membership.kind === 'conference') {
    const participant = await participantOf(gateway, conference, membership.conferenceSid, params.callSid);
    if (!authorization.isConnected(participant)) {
      // The leg may have hung up meanwhile (Twilio drops a participant that leaves): one more look,
      // on this failure path only, tells "ended" (409) from "never in this task" (403).
      authorization.checkCallLive(await gateway.fetchCall(params.callSid));
    }
    authorization.checkParticipant(participant, params);
  }
  // The same settings and matcher as the plugin's: an excluded task is never recorded, whichever
  // plugin (or anyone else with a token) asks.
  checkNotExcluded(task, settings);
  // Read from the same Flex configuration as the exclusions (no request of its own); a malformed
  // consent rule refuses the start rather than record without the announcement the admin asked for.
  const compliance = deps.complianceSettings
    ? requireComplianceSettings(await deps.complianceSettings(gateway, deps.now()))
    : DEFAULT_COMPLIANCE_SETTINGS;
  const customerFacts: CustomerFacts = { participants: conference.participants, named };

  // A first try looks too when the task already names the leg (sealed or not: the list decides).
  const active =
    activeOnRetry ??
    (attributes.namesLeg(task.attributes, params.callSid)
      ? await gateway.listActiveRecordings(params.callSid)
      : []);
  if (active.length > 0) {
    const claim = sealedClaimFor(task.attributes, params.taskSid, params.callSid, deps.seals, log);
    const existing = active.find((r) => r.sid === claim?.recording_sid) ?? oldest(active);
    // Commit too: it repairs a start whose attribute write never happened (crash, deadline).
    const { owner: winner } = await commit(existing, task, params, membership, customerFacts, deps);
    log('recording_already_active', {
      taskSid: params.taskSid,
      callSid: params.callSid,
      recordingSid: winner.sid,
    });
    return { status: 200, body: body(winner, params, gateway.accountSid, true) };
  }

  // From here a recording may exist: the request must name it on the task or stop it (no orphans).
  deps.phases?.enterCommit();
  const created = await gateway.createRecording(
    params.callSid,
    statusCallbackUrl(deps.statusCallbackBase, params),
  );
  log('recording_created', { taskSid: params.taskSid, callSid: params.callSid, recordingSid: created.sid });
  let winner: RecordingInfo;
  // The customer's call when the claim write had to read it (an outbound task without call_sid).
  let customer: CallInfo | undefined;
  try {
    ({ owner: winner, customer } = await commit(created, task, params, membership, customerFacts, deps));
  } catch (error) {
    if (await stopUnnamed(created, params, deps)) throw error;
    // The claim write landed although its answer did not: the recording is named after all.
    winner = created;
  }
  if (winner.sid !== created.sid) {
    // Lost the race: another request's recording of this leg is the one on the task. Stop ours and
    // delete it, so the call keeps exactly one recording (a stopped one would still be stored and
    // billed). A failed delete leaves a stopped, unclaimed recording: logged, never a failed start.
    await gateway.stopRecording(params.callSid, created.sid);
    const deleted = await gateway.deleteRecording(created.sid).then(
      () => true,
      () => false,
    );
    log(deleted ? 'duplicate_recording_deleted' : 'duplicate_recording_stopped_not_deleted', {
      taskSid: params.taskSid,
      callSid: params.callSid,
      recordingSid: created.sid,
      winnerSid: winner.sid,
    });
    return { status: 200, body: body(winner, params, gateway.accountSid, true) };
  }
  // Only here, once: this request created the recording and its claim won the task's compare-and-set.
  const consent = await announceConsent(
    {
      task,
      conferenceSid: membership.kind === 'conference' ? membership.conferenceSid : undefined,
      callSid: params.callSid,
      call,
      customer,
      channel: params.channel,
      recordingSid: created.sid,
      origin: { call_sid: params.callSid, channel: params.channel, reservation_sid: params.reservationSid },
      on: 'start',
    },
    compliance,
    deps,
  );
  const started = body(created, params, gateway.accountSid, false);
  return { status: 201, body: consent ? { ...started, consent } : started };
}

/**
 * The claim write failed (deadline, Twilio unavailable, the task kept changing or was deleted), so
 * the recording this request created is named nowhere. Unless a last read shows the claim landed
 * after all (a write whose answer was lost), it is stopped and deleted, in the time kept for this
 * before the gateway's cut: an unnamed recording would run on unseen, and nobody could pause it.
 * Answers true when it was stopped (or could not be), false when the task names it.
 */
async function stopUnnamed(
  created: RecordingInfo,
  params: CreateRecordingParams,
  deps: StartDeps,
): Promise<boolean> {
  const { gateway, log } = deps;
  deps.phases?.enterCleanup();
  const ids = { taskSid: params.taskSid, callSid: params.callSid, recordingSid: created.sid };
  const named = await gateway.fetchTask(params.taskSid).then(
    (task) =>
      sealedClaimFor(task.attributes, params.taskSid, params.callSid, deps.seals)?.recording_sid ===
      created.sid,
    () => false,
  );
  if (named) return false;
  try {
    await gateway.stopRecording(params.callSid, created.sid);
  } catch (error) {
    // Left running: a retry that says so (`attempt` 2 or more, or an older plugin's) lists the
    // leg's active recordings and adopts it, or its completed callback does.
    log('unnamed_recording_not_stopped', { ...ids, reason: error instanceof Error ? error.name : 'unknown' });
    return true;
  }
  const deleted = await gateway.deleteRecording(created.sid).then(
    () => true,
    () => false,
  );
  log(deleted ? 'unnamed_recording_deleted' : 'unnamed_recording_stopped', ids);
  return true;
}

function body(
  recording: RecordingInfo,
  params: CreateRecordingParams,
  accountSid: string,
  alreadyRecording: boolean,
): CreateRecordingResponse {
  return {
    recordingSid: recording.sid,
    callSid: params.callSid,
    channel: params.channel,
    status: recording.status,
    startTime: recording.startTime ? recording.startTime.toISOString() : null,
    mediaUrl: insightsMediaUrl(accountSid, recording.sid),
    alreadyRecording,
  };
}

/**
 * The customer's call the plugin named, when round two should read it: only with the worker channel
 * (a customer-channel start fills `call_sid` with its own leg) and a named conference to check it in.
 */
function customerCallHint(params: CreateRecordingParams): string | undefined {
  if (params.channel !== 'worker' || params.conferenceSid === undefined) return undefined;
  return params.customerCallSid;
}

/** What Twilio said for the outbound fill, read with the other facts: the conference's participants and the named customer's call. */
interface CustomerFacts {
  participants?: ParticipantInfo[];
  named?: CallInfo;
}

/**
 * What an outbound task still lacks (conference SID, customer call SID), and the customer's call when
 * it had to be read for that: the consent step then reads the direction from it instead of asking
 * Twilio again in the same request. The call the plugin named and the participants listed with it
 * are reused, never trusted: the customer is the conference's one connected phone party either way.
 */
async function outboundFill(
  task: TaskSnapshot,
  params: CreateRecordingParams,
  membership: LegMembership,
  known: CustomerFacts,
  gateway: TwilioGateway,
): Promise<{ fill: OutboundFill; customer?: CallInfo }> {
  if (membership.kind !== 'conference') return { fill: {} };
  const needs = attributes.needsOutboundFill(task.attributes);
  const fill: OutboundFill = {};
  if (needs.conference) fill.conferenceSid = membership.conferenceSid;
  if (!needs.callSid) return { fill };
  if (params.channel === 'customer') {
    fill.customerCallSid = params.callSid;
    return { fill };
  }
  // The participants were listed from the conference the plugin named, which authorization checked
  // is the task's; any other conference's list proves nothing here. The named call only spares its
  // read: the customer is found as without it (the one connected phone party), so the plugin's hint
  // never chooses between two.
  const participants = params.conferenceSid === membership.conferenceSid ? known.participants : undefined;
  const customer = await customerCall(membership.conferenceSid, params, gateway, {
    participants,
    calls: known.named ? [known.named] : [],
  });
  if (customer) fill.customerCallSid = customer.sid;
  return { fill, customer };
}

/**
 * Writes claim + media entry with If-Match (the shared compare-and-set loop: a 412 re-reads and
 * decides again) and returns the recording that owns the leg afterwards: `candidate`, or another
 * active recording whose claim got there first, in which case nothing is written; with it, the
 * customer's call when the outbound fill read it.
 */
async function commit(
  candidate: RecordingInfo,
  firstRead: TaskSnapshot,
  params: CreateRecordingParams,
  membership: LegMembership,
  known: CustomerFacts,
  deps: StartDeps,
): Promise<{ owner: RecordingInfo; customer?: CallInfo }> {
  const { gateway } = deps;
  const { fill, customer } = await outboundFill(firstRead, params, membership, known, gateway);
  let owner = candidate;
  try {
    const result = await updateTaskWithRetry(
      gateway,
      params.taskSid,
      async (task) => {
        // Only a claim the Functions sealed on this task says which recording owns the leg: one an
        // agent planted (naming another recording of the call) would make ours the loser, stopped.
        const claim = sealedClaimFor(task.attributes, params.taskSid, params.callSid, deps.seals, deps.log);
        owner = candidate;
        if (claim?.recording_sid === candidate.sid) return undefined;
        if (claim) {
          const claimed = await gateway.fetchRecording(params.callSid, claim.recording_sid);
          if (claimed && isActive(claimed)) {
            owner = claimed;
            return undefined;
          }
        }
        return attributes.mergeRecording(task.attributes, {
          callSid: params.callSid,
          claim: sealedClaim(deps.seals, params.taskSid, params.callSid, {
            recording_sid: candidate.sid,
            channel: params.channel,
            reservation_sid: params.reservationSid,
          }),
          entry: buildMediaEntry({
            accountSid: gateway.accountSid,
            recordingSid: candidate.sid,
            taskSid: params.taskSid,
            channel: params.channel,
            startedAt: candidate.startTime,
            now: deps.now(),
            serviceBaseUrl: deps.statusCallbackBase,
          }),
          fill,
          updatedAt: new Date(deps.now()).toISOString(),
        });
      },
      {
        firstRead,
        onConflict: (attempt) => deps.log('task_attributes_conflict', { taskSid: params.taskSid, attempt }),
      },
    );
    if (result.written) {
      deps.log('task_attributes_updated', {
        taskSid: params.taskSid,
        recordingSid: candidate.sid,
        attempt: result.attempts,
      });
    }
  } catch (error) {
    if (!isTwilioNotFound(error)) throw error;
    throw new ApiError(
      'task_not_found',
      `Task ${params.taskSid} was deleted before the recording could be added to it`,
      { field: 'taskSid' },
    );
  }
  return { owner, customer };
}

/** POST /create-recording's work, with the real Twilio: start (or find) the recording, 201 or 200. */
export async function runCreateRecording(
  request: BrowserRequest<CreateRecordingParams>,
): Promise<RouteReply> {
  const { params, token, log } = request;
  const { gateway, deadline, flex, seals, validateToken, publicBase } = requestContext(request);
  const result = await startRecording(params, token, {
    phases: deadline,
    gateway,
    validateToken,
    statusCallbackBase: publicBase,
    exclusionSettings: () => flex.exclusions(),
    complianceSettings: () => flex.compliance(),
    now: () => Date.now(),
    log,
    seals,
  });
  return { status: result.status, body: result.body };
}
