import type * as Flex from '@twilio/flex-ui';

import type { StandInConference, StandInParticipant, StandInTask } from './flexSurface.js';
import type { SandboxConference, SandboxView, StandInStateResponse } from './sandboxView.js';

/** The signed-in agent of this page. */
export interface Me {
  readonly workerSid: string;
  readonly identity: string;
}

type ReservationStatus = Flex.ITask['status'];
type TaskStatus = Flex.ITask['taskStatus'];

/** Reservation statuses under which the task is on the agent's screen (Flex drops the others). */
const ON_SCREEN: ReadonlySet<string> = new Set<ReservationStatus>(['pending', 'accepted', 'wrapping']);
const TASK_STATUSES: ReadonlySet<string> = new Set<TaskStatus>([
  'reserved',
  'assigned',
  'wrapping',
  'completed',
  'canceled',
]);
/** Used when the stand-in server did not create the task (the sandbox's own defaults). */
const DEFAULT_QUEUE = { queueName: 'Everyone', queueSid: `WQ${'0'.repeat(31)}1` };

const CONFERENCE_STATUS: Readonly<Record<string, StandInConference['status']>> = {
  init: 'setup',
  'in-progress': 'active',
  completed: 'closed',
};

/** The worker behind a `client:<identity>` leg. */
function workerOfLeg(view: SandboxView, to: string): string | undefined {
  const identity = to.startsWith('client:') ? to.slice('client:'.length) : undefined;
  return view.workers.find((w) => w.identity === identity)?.sid;
}

/**
 * Flex's view of a conference: everyone who ever joined, `joined` while connected and `left` after,
 * as Flex keeps departed participants in the list.
 */
export function toConference(view: SandboxView, conference: SandboxConference, me: Me): StandInConference {
  const participants = conference.participants.map((p): StandInParticipant => {
    const call = view.calls.find((c) => c.sid === p.callSid);
    const workerSid = p.role === 'worker' && call ? workerOfLeg(view, call.to) : undefined;
    const reservation = workerSid
      ? view.reservations.find((r) => r.taskSid === conference.friendlyName && r.workerSid === workerSid)
      : undefined;
    return {
      participantType: p.role === 'customer' ? 'customer' : 'worker',
      status: p.status === 'connected' ? 'joined' : 'left',
      callSid: p.callSid,
      isCurrentWorker: workerSid !== undefined && workerSid === me.workerSid,
      reservationSid: reservation?.sid ?? '',
      workerSid: workerSid ?? '',
      onHold: false,
    };
  });
  return {
    sid: conference.sid,
    conferenceSid: conference.sid,
    status: CONFERENCE_STATUS[conference.status] ?? 'active',
    participants,
  };
}

/** Builds the agent's tasks (Flex `ITask`s keyed by reservation SID) from the sandbox's state. */
export function buildTasks(state: StandInStateResponse, me: Me, now: number): Map<string, StandInTask> {
  const view = state.sandbox;
  const tasks = new Map<string, StandInTask>();
  for (const reservation of view.reservations) {
    if (reservation.workerSid !== me.workerSid || !ON_SCREEN.has(reservation.status)) continue;
    const task = view.tasks.find((t) => t.sid === reservation.taskSid);
    if (!task) continue;
    const conference = view.conferences.find((c) => c.friendlyName === task.sid);
    const queue = state.queues[task.sid] ?? DEFAULT_QUEUE;
    const status = reservation.status as ReservationStatus;
    tasks.set(reservation.sid, {
      sid: reservation.sid,
      taskSid: task.sid,
      status,
      taskStatus: TASK_STATUSES.has(task.assignmentStatus)
        ? (task.assignmentStatus as TaskStatus)
        : 'assigned',
      taskChannelUniqueName: 'voice',
      channelType: 'voice',
      queueName: queue.queueName,
      queueSid: queue.queueSid,
      attributes: task.attributes,
      workerSid: me.workerSid,
      dateCreated: new Date(now),
      dateUpdated: new Date(now),
      age: 0,
      priority: 0,
      timeout: 86400,
      workflowName: 'Assign to Anyone',
      workflowSid: `WW${'0'.repeat(31)}1`,
      // Flex has no conference for a task that is still ringing.
      conference: conference && status !== 'pending' ? toConference(view, conference, me) : undefined,
    });
  }
  return tasks;
}

/**
 * This agent's own live leg of a task: its joined worker participant, or for an internal call
 * (no conference) the caller's client leg. This is what the browser's voice SDK would be connected to.
 */
export function myLegOf(view: SandboxView, task: StandInTask, me: Me): string | undefined {
  const mine = task.conference?.participants.find(
    (p) => p.participantType === 'worker' && p.workerSid === me.workerSid && p.status === 'joined',
  );
  if (mine?.callSid) return mine.callSid;
  const { from, to } = task.attributes;
  return view.calls.find(
    (c) => c.role === 'worker' && c.status === 'in-progress' && c.to === from && c.from === to,
  )?.sid;
}
