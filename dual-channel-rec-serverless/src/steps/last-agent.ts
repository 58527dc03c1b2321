/**
 * Stop when the last agent leaves. With `channel: customer` the recording follows the customer's
 * leg, which outlives the agents when the customer stays connected (a post-call survey, an IVR after
 * the conference): audio the product promises not to record. TaskRouter reports the end of the task
 * (Event Streams: `task.wrapup` / `task.completed` / `task.canceled`, to this route's sink); the
 * route then judges from Twilio alone whether the call is over for every agent, and stops the task's
 * customer-leg recordings. Reservation events are not needed: the call is never over for the last
 * agent while the task is not wrapping, completed or canceled ({@link stillHeldBy}), and each move of
 * the task into one of those is a task event of its own.
 *
 * Never on a transfer: a warm transfer has two agents for a moment (the one who stays is still a
 * connected Flex client leg, and still holds an accepted reservation), a cold transfer has none for
 * a moment (TaskRouter then holds the task `reserved` for the next agent, or `pending` in a queue,
 * and the next reservation is `pending`). A cold transfer to an external party (a phone number the
 * agent added to the conference before leaving) is a transfer too: while a phone leg other than the
 * customer's is connected, nothing stops, unless the admin set `stop_on_external_transfer`.
 *
 * What is stopped is decided by what only Twilio and the Functions write: the task's status (the
 * event's `task_assignment_status`, which TaskRouter writes; the task itself when the event lacks
 * it), its reservations, its conference's participants and their calls (TaskRouter and Voice), and
 * the claims the Functions sealed on the task (task-claims.ts), read from TaskRouter's event log (an
 * agent cannot remove a claim from the log), the event's attributes and the task when it was read.
 * Never the task's `call_sid` at creation, which an agent who creates an outbound task chooses. The
 * reads go in order of what they rule out, so the usual event (the recording already sealed over)
 * costs the event log alone: the log, then the recordings of claimed calls not sealed over, and only
 * for a recording still running the reservations, the conference and its calls.
 */
import type { LogFn } from '../http/log';
import { isTwilioNotFound } from '../twilio/errors';
import type { ReservationInfo, TwilioGateway } from '../twilio/gateway';
import type { ComplianceSettingsResult } from '@dual-channel-recording/contract';
import { isClientLeg } from '../rules/authorization';
import { requireComplianceSettings } from './flex-settings';
import type { EventFacts } from './event-facts';
import { allInOrder } from './leg-reads';
import type { TaskReads } from './task-reads';
import { taskReadsOnce } from './task-reads';
import type { TaskSeals } from '../rules/seals';
import { runningClaims, stopClaimedRecordings } from './stop-claimed';
import { claimVersions } from './claim-versions';
import { sealedClaimsIn } from '../rules/task-claims';

/** Task statuses in which no agent holds or is about to hold the task. */
export const ENDED_TASK_STATUSES: readonly string[] = ['wrapping', 'completed', 'canceled'];

/** Reservation statuses in which an agent holds, or is about to hold, the task. */
export const LIVE_RESERVATION_STATUSES: readonly string[] = ['pending', 'accepted'];

/** What the check found for one task. */
export type LastAgentOutcome =
  | 'disabled'
  | 'task_still_held'
  | 'agent_on_task'
  | 'agent_connected'
  | 'external_party_connected'
  | 'nothing_to_stop'
  | 'stopped';

/** What {@link stopIfLastAgentLeft} needs from the outside world. */
export interface LastAgentDeps {
  gateway: TwilioGateway;
  complianceSettings: () => Promise<ComplianceSettingsResult>;
  now: () => number;
  log: LogFn;
  seals: TaskSeals;
  /** The task's reads, shared with the delivery's other checks of it (task-reads.ts). */
  reads?: TaskReads;
}

/**
 * The rule, over what Twilio said: why the call is not over for the last agent, or undefined when it
 * is. `taskStatus` is the task's assignment status, undefined once TaskRouter deleted the task.
 */
export function stillHeldBy(
  taskStatus: string | undefined,
  reservations: readonly ReservationInfo[],
): 'task_still_held' | 'agent_on_task' | undefined {
  if (taskStatus !== undefined && !ENDED_TASK_STATUSES.includes(taskStatus)) return 'task_still_held';
  if (reservations.some((r) => LIVE_RESERVATION_STATUSES.includes(r.status))) return 'agent_on_task';
  return undefined;
}

/** Who is still connected to the task's conference, by Twilio's calls: agents, and phone legs that are not the customer's. */
async function stillConnected(
  gateway: TwilioGateway,
  conferenceSid: string | undefined,
  customerCalls: ReadonlySet<string>,
): Promise<{ agent: boolean; externalParty: boolean }> {
  if (conferenceSid === undefined) return { agent: false, externalParty: false };
  const participants = await gateway.listParticipants(conferenceSid);
  const connected = participants.filter((p) => p.status === 'connected');
  const calls = await Promise.all(connected.map((p) => gateway.fetchCall(p.callSid)));
  return {
    agent: calls.some(isClientLeg),
    externalParty: calls.some((c) => !isClientLeg(c) && !customerCalls.has(c.sid)),
  };
}

/**
 * Checks one task and stops its customer-leg recordings when the call is over for the last agent
 * (see the file comment for the rule). `facts` are what the Event Streams events told (the status
 * TaskRouter wrote in them, and their attributes as one more version to find sealed claims in).
 * Idempotent: a repeated or late event finds nothing running, or an agent still there.
 */
export async function stopIfLastAgentLeft(
  taskSid: string,
  facts: EventFacts,
  deps: LastAgentDeps,
): Promise<LastAgentOutcome> {
  const { gateway, log } = deps;
  const reads = deps.reads ?? taskReadsOnce(gateway, taskSid);
  const report = (outcome: LastAgentOutcome, recordingSids?: string[]): LastAgentOutcome => {
    log('last_agent_check', { taskSid, outcome, recordingSids: recordingSids?.join(',') });
    return outcome;
  };
  // The admin's setting first (read through the instance's cache): when it is off, nothing is asked.
  const rules = requireComplianceSettings(await deps.complianceSettings());
  if (!rules.stopOnLastAgentLeave) return report('disabled');
  // The task's status as TaskRouter put it in the event; the task itself only when the event had none.
  const taskStatus = facts.taskStatus ?? (await reads.task())?.assignmentStatus;
  if (stillHeldBy(taskStatus, []) !== undefined) return report('task_still_held');
  // Then whether a recording of ours may still run: the sealed claims of every version at hand, less
  // those sealed over, looked up on Twilio.
  const versions = await claimVersions(reads, facts.attributes, await reads.events());
  const claims = sealedClaimsIn(versions, taskSid, deps.seals, log).filter(
    (c) => c.claim.channel === 'customer',
  );
  if (claims.length === 0) return report('nothing_to_stop');
  const running = await runningClaims(claims, versions, taskSid, reads, deps.seals);
  if (running.length === 0) return report('nothing_to_stop');
  // Only then who still holds the task and who is still in its conference.
  const [reservations, conference] = await allInOrder<[ReservationInfo[], { sid: string } | undefined]>([
    gateway
      .listTaskReservations(taskSid)
      .catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e))),
    gateway.findTaskConference(taskSid),
  ]);
  const held = stillHeldBy(taskStatus, reservations);
  if (held) return report(held);
  const connected = await stillConnected(gateway, conference?.sid, new Set(claims.map((c) => c.callSid)));
  if (connected.agent) return report('agent_connected');
  if (connected.externalParty && !rules.stopOnExternalTransfer) return report('external_party_connected');

  const stopped = await stopClaimedRecordings(taskSid, running, 'last_agent_left', { ...deps, reads });
  return report(stopped.length > 0 ? 'stopped' : 'nothing_to_stop', stopped);
}
