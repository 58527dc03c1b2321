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
 * and the next reservation is `pending`). Only a task that is `wrapping`, `completed` or `canceled`
 * (or already deleted), with no pending or accepted reservation and no Flex client leg connected to
 * its conference, is over for the last agent.
 */
import type { LogFn } from '../http/log';
import { isTwilioNotFound } from '../twilio/errors';
import type { ReservationInfo, TaskEvent, TaskSnapshot, TwilioGateway } from '../twilio/gateway';
import { updateTaskWithRetry } from '../twilio/task-update';
import type { ComplianceSettingsResult } from '@dual-channel-recording/contract';
import { readProductAttributes } from '@dual-channel-recording/contract';
import * as attributes from './attributes';
import { isClientLeg } from './authorization';
import { requireComplianceSettings } from './flex-settings';
import { allInOrder } from './leg-reads';
import { createdCallSid } from './playback';

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
  | 'task_gone'
  | 'nothing_to_stop'
  | 'stopped';

/** What {@link stopIfLastAgentLeft} needs from the outside world. */
export interface LastAgentDeps {
  gateway: TwilioGateway;
  complianceSettings: () => Promise<ComplianceSettingsResult>;
  now: () => number;
  log: LogFn;
}

/** The task, or undefined once TaskRouter deleted it (minutes after it completed). */
async function taskOrGone(gateway: TwilioGateway, taskSid: string): Promise<TaskSnapshot | undefined> {
  return gateway
    .fetchTask(taskSid)
    .catch((e: unknown) => (isTwilioNotFound(e) ? undefined : Promise.reject(e)));
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

/** True when a Flex client (an agent's leg) is still connected to the task's conference. */
async function agentConnected(gateway: TwilioGateway, conferenceSid: string | undefined): Promise<boolean> {
  if (conferenceSid === undefined) return false;
  const participants = await gateway.listParticipants(conferenceSid);
  const connected = participants.filter((p) => p.status === 'connected');
  const calls = await Promise.all(connected.map((p) => gateway.fetchCall(p.callSid)));
  return calls.some(isClientLeg);
}

/**
 * The customer calls of the task, from Twilio: TaskRouter's `task.created` names the inbound
 * caller's call; a call still connected to the task's conference and not a Flex client is the
 * customer's too. The task attributes (which an agent can write) only say which recording to look at.
 */
async function customerCalls(
  gateway: TwilioGateway,
  events: readonly TaskEvent[],
  conferenceSid: string | undefined,
): Promise<Set<string>> {
  const calls = new Set<string>();
  const created = createdCallSid(events);
  if (created) calls.add(created);
  if (conferenceSid !== undefined) {
    for (const p of await gateway.listParticipants(conferenceSid)) {
      if (p.status !== 'connected') continue;
      const call = await gateway.fetchCall(p.callSid);
      if (!isClientLeg(call)) calls.add(call.sid);
    }
  }
  return calls;
}

/**
 * Checks one task and stops its customer-leg recordings when the call is over for the last agent
 * (see the file comment for the rule). Idempotent: a repeated or late event finds nothing running.
 */
export async function stopIfLastAgentLeft(taskSid: string, deps: LastAgentDeps): Promise<LastAgentOutcome> {
  const { gateway, log } = deps;
  const [settings, task, reservations, conference, events] = await allInOrder<
    [
      ComplianceSettingsResult,
      TaskSnapshot | undefined,
      ReservationInfo[],
      { sid: string } | undefined,
      TaskEvent[],
    ]
  >([
    deps.complianceSettings(),
    taskOrGone(gateway, taskSid),
    gateway
      .listTaskReservations(taskSid)
      .catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e))),
    gateway.findTaskConference(taskSid),
    gateway.listTaskEvents(taskSid),
  ]);
  const report = (outcome: LastAgentOutcome, recordingSid?: string): LastAgentOutcome => {
    log('last_agent_check', { taskSid, outcome, recordingSid });
    return outcome;
  };
  if (!requireComplianceSettings(settings).stopOnLastAgentLeave) return report('disabled');
  const held = stillHeldBy(task, reservations);
  if (held) return report(held);
  if (await agentConnected(gateway, conference?.sid)) return report('agent_connected');

  // Without the task (TaskRouter deleted it) nothing says which recording is the product's, and a
  // recording someone else started on the call is theirs to stop: leave it.
  if (!task) return report('task_gone');
  // The claims (customer channel) name the recordings; Twilio says whether each claimed call is the
  // task's customer call and whether its recording still runs.
  const customers = await customerCalls(gateway, events, conference?.sid);
  const claims = Object.entries(readProductAttributes(task.attributes).legs).filter(
    ([callSid, claim]) => claim.channel === 'customer' && customers.has(callSid),
  );
  const running = (
    await Promise.all(
      claims.map(async ([callSid, claim]) =>
        (await gateway.listActiveRecordings(callSid)).filter((r) => r.sid === claim.recording_sid),
      ),
    )
  ).flat();
  if (running.length === 0) return report('nothing_to_stop');
  for (const recording of running) {
    await gateway.stopRecording(recording.callSid, recording.sid);
    report('stopped', recording.sid);
    await markStopped(taskSid, recording.callSid, recording.sid, deps);
  }
  return 'stopped';
}

async function markStopped(
  taskSid: string,
  callSid: string,
  recordingSid: string,
  deps: LastAgentDeps,
): Promise<void> {
  const at = new Date(deps.now()).toISOString();
  try {
    await updateTaskWithRetry(deps.gateway, taskSid, (task) =>
      attributes.withStoppedBy(
        task.attributes,
        recordingSid,
        { call_sid: callSid, channel: 'customer', reservation_sid: '' },
        'last_agent_left',
        at,
      ),
    );
  } catch (error) {
    if (!isTwilioNotFound(error)) throw error;
  }
}
