/// <reference types="@twilio-labs/serverless-runtime-types" />
import type * as Errors from './errors.private';
import type * as TwilioApi from './twilio-api.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { ApiError, TwilioApiError, isTwilioStatus } = load<typeof Errors>('shared/errors');

/** Each 412 means another writer got in first; a handful of rounds is plenty for Flex's writers. */
export const MAX_CAS_ATTEMPTS = 5;

/** The outcome of {@link updateTaskWithRetry}: written, or left alone because nothing had to change. */
export type TaskUpdateResult = { written: true; attempts: number } | { written: false };

/**
 * Read-merge-write of task attributes with `If-Match`: `merge` gets the task as read and answers the
 * new attributes, or undefined when nothing needs writing. A 412 means another writer (Flex, a
 * supervisor, another Function) changed the task after our read, so the task is read again and the
 * merge re-applied to what they wrote: nobody's change is lost. Other failures, including 404 for a
 * deleted task, are thrown for the caller to answer in its own terms.
 */
export async function updateTaskWithRetry(
  gateway: TwilioApi.TwilioGateway,
  taskSid: string,
  merge: (task: TwilioApi.TaskSnapshot) => Record<string, unknown> | undefined,
  options: { firstRead?: TwilioApi.TaskSnapshot; onConflict?: (attempt: number) => void } = {},
): Promise<TaskUpdateResult> {
  let task = options.firstRead ?? (await gateway.fetchTask(taskSid));
  for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
    const next = merge(task);
    if (next === undefined) return { written: false };
    try {
      await gateway.updateTaskAttributes(taskSid, next, task.etag);
      return { written: true, attempts: attempt };
    } catch (error) {
      if (!(error instanceof TwilioApiError) || error.status !== 412) throw error;
      options.onConflict?.(attempt);
      task = await gateway.fetchTask(taskSid);
    }
  }
  throw new ApiError(
    503,
    'twilio_unavailable',
    'The task kept changing while it was being updated; try again',
    {
      retryAfterSeconds: 1,
    },
  );
}

/** True when Twilio answered that the task no longer exists (tasks vanish ~5 minutes after completion). */
export function isTaskGone(error: unknown): error is Errors.TwilioApiError {
  return isTwilioStatus(error, 404);
}
