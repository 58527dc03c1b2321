/**
 * Stop when the last agent leaves. With `channel: customer` the recording follows the customer's
 * leg, which outlives the agents when the customer stays connected (a post-call survey, an IVR after
 * the conference): audio the product promises not to record. TaskRouter reports the end of an
 * agent's part (Event Streams: `reservation.wrapup` / `reservation.completed` / `task.wrapup` /
 * `task.completed` / `task.canceled`, to this route's sink); the route then judges from Twilio
 * alone whether the call is over for every agent, and stops the task's customer-leg recordings.
 *
 * Never on a transfer: a warm transfer has two agents for a moment (the one who stays is still a
 * connected Flex client leg, and still holds an accepted reservation), a cold transfer has none for
 * a moment (TaskRouter then holds the task `reserved` for the next agent, or `pending` in a queue,
 * and the next reservation is `pending`). A cold transfer to an external party (a phone number the
 * agent added to the conference before leaving) is a transfer too: while a phone leg other than the
 * customer's is connected, nothing stops, unless the admin set `stop_on_external_transfer`.
 *
 * What is stopped is decided by what only Twilio and the Functions write: the task's status and
 * reservations, its conference's participants and their calls (TaskRouter and Voice), and the claims
 * the Functions sealed on the task (task-claims.ts), read from the task, the event's attributes and
 * TaskRouter's event log (an agent cannot remove a claim from the log). Never the task's `call_sid`
 * at creation, which an agent who creates an outbound task chooses.
 */
import type { LogFn } from '../http/log';
import { isTwilioNotFound } from '../twilio/errors';
import type { ReservationInfo, TaskEvent, TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import type { ComplianceSettingsResult } from '@dual-channel-recording/contract';
import { isClientLeg } from '../rules/authorization';
import { requireComplianceSettings } from './flex-settings';
import { allInOrder } from './leg-reads';
import type { TaskReads } from './task-reads';
import { taskReadsOnce } from './task-reads';
import type { TaskSeals } from '../rules/seals';
import { stopClaimedRecordings } from './stop-claimed';
import type { SealedLegClaim } from '../rules/task-claims';
import { attributesInEvents, sealedClaimsIn } from '../rules/task-claims';

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

/** The rule, over what Twilio said: why the call is not over for the last agent, or undefined when it is. */
export function stillHeldBy(
  task: TaskSnapshot | undefined,
  reservations: readonly ReservationInfo[],
): 'task_still_held' | 'agent_on_task' | undefined {
  if (task && !ENDED_TASK_STATUSES.includes(task.assignmentStatus)) return 'task_still_held';
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
 * (see the file comment for the rule). `eventAttributes` are the attributes the Event Streams event
 * carried (one more version to find sealed claims in). Idempotent: a repeated or late event finds
 * nothing running, or an agent still there.
 */
export async function stopIfLastAgentLeft(
  taskSid: string,
  eventAttributes: Record<string, unknown> | undefined,
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
  // Then whether a recording of ours is claimed at all (the task and its event log); only then who
  // still holds the task and who is still in its conference.
  const [task, events] = await allInOrder<[TaskSnapshot | undefined, TaskEvent[]]>([
    reads.task(),
    reads.events(),
  ]);
  const claims: SealedLegClaim[] = sealedClaimsIn(
    [task?.attributes, eventAttributes, ...attributesInEvents(events)],
    taskSid,
    deps.seals,
    log,
  ).filter((c) => c.claim.channel === 'customer');
  if (claims.length === 0) return report('nothing_to_stop');
  const [reservations, conference] = await allInOrder<[ReservationInfo[], { sid: string } | undefined]>([
    gateway
      .listTaskReservations(taskSid)
      .catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e))),
    gateway.findTaskConference(taskSid),
  ]);
  const held = stillHeldBy(task, reservations);
  if (held) return report(held);
  const connected = await stillConnected(gateway, conference?.sid, new Set(claims.map((c) => c.callSid)));
  if (connected.agent) return report('agent_connected');
  if (connected.externalParty && !rules.stopOnExternalTransfer) return report('external_party_connected');

  const stopped = await stopClaimedRecordings(task, taskSid, claims, 'last_agent_left', deps);
  return report(stopped.length > 0 ? 'stopped' : 'nothing_to_stop', stopped);
}
