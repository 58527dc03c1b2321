/**
 * A recording's deletion as `purge` and `erase` carry it out and report it: deleted from Twilio, then
 * written to the access log. The outcome says which step failed, the detail why (or, once both are
 * done, the log entry's number).
 */
import type { AccessLogRecord, AccessLogStore } from '@dual-channel-recording/contract';
import { appendAccessLog } from '@dual-channel-recording/contract';
import type { TwilioGateway } from '../twilio-gateway';

/** What became of one deletion, as the reports show it. */
export interface DeletionOutcome {
  outcome: 'deleted' | 'deleted-not-logged' | 'delete-failed';
  /** `access log #<seq>`, or why a step failed. */
  detail: string;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Logs a deletion that happened: `deleted` with the entry's number, or `deleted-not-logged` and why. */
export async function logDeletion(log: AccessLogStore, record: AccessLogRecord): Promise<DeletionOutcome> {
  try {
    return { outcome: 'deleted', detail: `access log #${(await appendAccessLog(log, record)).seq}` };
  } catch (err) {
    return {
      outcome: 'deleted-not-logged',
      detail: `deleted, but the access log could not record it: ${messageOf(err)}`,
    };
  }
}

/**
 * Deletes a recording from Twilio, then logs it ({@link logDeletion}, with the record `recordOf` makes
 * once it is gone); a failed delete is `delete-failed` with Twilio's message, and nothing is logged.
 */
export async function deleteAndLog(
  gateway: Pick<TwilioGateway, 'deleteRecording'>,
  recordingSid: string,
  log: AccessLogStore,
  recordOf: () => AccessLogRecord,
): Promise<DeletionOutcome> {
  try {
    await gateway.deleteRecording(recordingSid);
  } catch (err) {
    return { outcome: 'delete-failed', detail: messageOf(err) };
  }
  return logDeletion(log, recordOf());
}
