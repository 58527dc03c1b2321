/**
 * The versions of a task's attributes the sink's checks look for sealed claims and ended seals in.
 * TaskRouter's event log is the complete source: every attribute write is an event carrying the
 * attributes as they were, kept after the task is deleted, and an agent can neither delete nor rewrite
 * one. The attributes the Event Streams event carried, and the task when a check of the delivery has
 * already read it, may add a version (they are agent-writable: a version to look in, never a proof
 * that a claim or a seal is absent).
 */
import type { TaskEvent } from '../twilio/gateway';
import { attributesInEvents } from '../rules/task-claims';
import type { TaskReads } from './task-reads';

/** The task's attribute versions at hand: the task if already read, the event's, then the event log's. */
export async function claimVersions(
  reads: TaskReads,
  eventAttributes: Record<string, unknown> | undefined,
  events: readonly TaskEvent[],
): Promise<Record<string, unknown>[]> {
  const task = reads.taskRead() ? await reads.task() : undefined;
  return [
    ...(task ? [task.attributes] : []),
    ...(eventAttributes ? [eventAttributes] : []),
    ...attributesInEvents(events),
  ];
}
