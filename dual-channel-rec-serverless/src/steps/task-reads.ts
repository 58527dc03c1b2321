/**
 * The reads of one task that the Event Streams sink's checks (last-agent.ts, queue-transfer.ts,
 * media-repair.ts) share within one delivery: the task, TaskRouter's event log and each claimed
 * call's recordings, each asked for at most once however many checks of the delivery need it. Only the first read is shared: a check that
 * writes still compares-and-sets on the task's ETag, and a conflict re-reads the task fresh.
 */
import { isTwilioNotFound } from '../twilio/errors';
import type { RecordingInfo, TaskEvent, TaskSnapshot, TwilioGateway } from '../twilio/gateway';

/** One task's shared reads, each asked for on first use. */
export interface TaskReads {
  /** The task, or undefined once TaskRouter deleted it (minutes after it completed). */
  task(): Promise<TaskSnapshot | undefined>;
  /** TaskRouter's event log of the task as Twilio answered (a 404 is the caller's to judge). */
  events(): Promise<TaskEvent[]>;
  /** Every recording of call `callSid`, whatever its status (none when Twilio no longer knows the call). */
  recordings(callSid: string): Promise<RecordingInfo[]>;
  /** True once the task was asked for (its attributes are one more version at no cost). */
  taskRead(): boolean;
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
  const recordings = new Map<string, Promise<RecordingInfo[]>>();
  return {
    task: () => (task ??= taskOrGone(gateway, taskSid)),
    events: () => (events ??= gateway.listTaskEvents(taskSid)),
    recordings: (callSid) => {
      const list =
        recordings.get(callSid) ??
        gateway
          .listCallRecordings(callSid)
          .catch((e: unknown) => (isTwilioNotFound(e) ? [] : Promise.reject(e)));
      recordings.set(callSid, list);
      return list;
    },
    taskRead: () => task !== undefined,
  };
}
