import { TaskContentionError, TwilioApiError } from './errors';
import type { TaskSnapshot, TwilioGateway } from './gateway';

/** Each 412 means another writer got in first; a handful of rounds is plenty for Flex's writers. */
export const MAX_CAS_ATTEMPTS = 5;

/** The outcome of {@link updateTaskWithRetry}: written, or left alone because nothing had to change. */
export type TaskUpdateResult =
  | {
      written: true;
      attempts: number;
      /** The task's ETag after the write, when Twilio sent it. */ etag?: string;
    }
  | { written: false; /** The task as last read (the merge found nothing to write). */ task: TaskSnapshot };

/**
 * Decides the new attributes for the task as read, or undefined when nothing needs writing. It may
 * ask Twilio first (create-recording looks up the recording an existing claim names).
 */
export type TaskMerge = (
  task: TaskSnapshot,
) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;

/**
 * The one compare-and-set loop for task attributes: read, merge, write with `If-Match`. A 412 means
 * another writer (Flex, a supervisor, another Function, another tab's create-recording) changed the
 * task after our read, so the task is read again and the merge re-applied to what they wrote: nobody's
 * change is lost, and a merge that finds the race already decided answers undefined and writes
 * nothing. Other failures, including 404 for a deleted task, are thrown for the caller to answer in
 * its own terms; every round lost throws {@link TaskContentionError}.
 */
export async function updateTaskWithRetry(
  gateway: TwilioGateway,
  taskSid: string,
  merge: TaskMerge,
  options: { firstRead?: TaskSnapshot; onConflict?: (attempt: number) => void } = {},
): Promise<TaskUpdateResult> {
  let task = options.firstRead ?? (await gateway.fetchTask(taskSid));
  for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
    const next = await merge(task);
    if (next === undefined) return { written: false, task };
    try {
      const etag = await gateway.updateTaskAttributes(taskSid, next, task.etag);
      return etag === undefined
        ? { written: true, attempts: attempt }
        : { written: true, attempts: attempt, etag };
    } catch (error) {
      if (!(error instanceof TwilioApiError) || error.status !== 412) throw error;
      options.onConflict?.(attempt);
      task = await gateway.fetchTask(taskSid);
    }
  }
  throw new TaskContentionError(taskSid, MAX_CAS_ATTEMPTS);
}
