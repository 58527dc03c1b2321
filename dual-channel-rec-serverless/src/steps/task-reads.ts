/**
 * The reads of one task that the Event Streams sink's checks (last-agent.ts, queue-transfer.ts,
 * media-repair.ts) share within one delivery: the task and TaskRouter's event log, each asked for at
 * most once however many checks of the delivery need it. Only the first read is shared: a check that
 * writes still compares-and-sets on the task's ETag, and a conflict re-reads the task fresh.
 */
import { isTwilioNotFound } from '../twilio/errors';
import type { TaskEvent, TaskSnapshot, TwilioGateway } from '../twilio/gateway';

/** One task's shared reads, each asked for on first use. */
export interface TaskReads {
  /** The task, or undefined once TaskRouter deleted it (minutes after it completed). */
  task(): Promise<TaskSnapshot | undefined>;
  /** TaskRouter's event log of the task as Twilio answered (a 404 is the caller's to judge). */
  events(): Promise<TaskEvent[]>;
}

/** The task, or undefined once TaskRouter deleted it (minutes after it completed). */
export async function taskOrGone(gateway: TwilioGateway, taskSid: string): Promise<TaskSnapshot | undefined> {
  return gateway
    .fetchTask(taskSid)
    .catch((e: unknown) => (isTwilioNotFound(e) ? undefined : Promise.reject(e)));
}

/** The event log, or none when Twilio has no log for the task (404). */
export function eventsOrNone(reads: TaskReads): Promise<TaskEvent[]> {
  return reads.events().catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e)));
}

/** Reads of task `taskSid` through `gateway`, each made once and shared by every caller. */
export function taskReadsOnce(gateway: TwilioGateway, taskSid: string): TaskReads {
  let task: Promise<TaskSnapshot | undefined> | undefined;
  let events: Promise<TaskEvent[]> | undefined;
  return {
    task: () => (task ??= taskOrGone(gateway, taskSid)),
    events: () => (events ??= gateway.listTaskEvents(taskSid)),
  };
}
