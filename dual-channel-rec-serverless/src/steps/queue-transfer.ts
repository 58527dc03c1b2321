/**
 * A task transferred into a queue the admin excludes from recording. One customer-leg recording spans
 * every transfer, so without this rule a call moved into an excluded queue (a medical line, a
 * complaints desk) would go on being recorded there: the plugin of the agent who takes it asks for
 * nothing and create-recording would refuse, but the recording the first agent started runs on.
 * What an admin who lists a queue in `exclude_queues` expects is that its conversations are not
 * recorded, so by default (`stop_on_excluded_queue_transfer`) the task's recordings stop as the task
 * enters that queue (TaskRouter's `task-queue.entered`, or a reservation accepted from it).
 *
 * Decided from TaskRouter's own queue fields of the task as it is now (an agent cannot write them;
 * a late event about a queue the task has since left stops nothing), and only queue rules count:
 * attribute rules are the agent's to write, and would let them stop their own recording at will.
 */
import type {
  ComplianceSettingsResult,
  ExclusionSettings,
  ExclusionSettingsResult,
} from '@dual-channel-recording/contract';
import { findExclusion } from '@dual-channel-recording/contract';
import { requireComplianceSettings, requireFlexSettings } from './flex-settings';
import type { TaskReads } from './task-reads';
import { eventsOrNone, taskReadsOnce } from './task-reads';
import type { StopDeps } from './stop-claimed';
import { stopClaimedRecordings } from './stop-claimed';
import { attributesInEvents, sealedClaimsIn } from '../rules/task-claims';

/** What the check found for one task. */
export type QueueTransferOutcome = 'disabled' | 'queue_not_excluded' | 'nothing_to_stop' | 'stopped';

/** What {@link stopIfInExcludedQueue} needs from the outside world. */
export interface QueueTransferDeps extends StopDeps {
  complianceSettings: () => Promise<ComplianceSettingsResult>;
  exclusionSettings: () => Promise<ExclusionSettingsResult>;
  /** The task's reads, shared with the delivery's other checks of it (task-reads.ts). */
  reads?: TaskReads;
}

/**
 * Stops the task's recordings (every channel: a warm transfer's first agent may stay on the call)
 * when the task is now in a queue `exclude_queues` lists and the admin left
 * `stop_on_excluded_queue_transfer` on; their entries say `stopped_by: "excluded_transfer"`.
 */
export async function stopIfInExcludedQueue(
  taskSid: string,
  eventAttributes: Record<string, unknown> | undefined,
  deps: QueueTransferDeps,
): Promise<QueueTransferOutcome> {
  const { gateway, log } = deps;
  const reads = deps.reads ?? taskReadsOnce(gateway, taskSid);
  const report = (outcome: QueueTransferOutcome, recordingSids?: string[]): QueueTransferOutcome => {
    log('excluded_queue_check', { taskSid, outcome, recordingSids: recordingSids?.join(',') });
    return outcome;
  };
  // The admin's settings first (read through the instance's cache): when the rule is off, or no queue
  // is excluded, nothing is asked of Twilio.
  const [compliance, exclusions] = await Promise.all([deps.complianceSettings(), deps.exclusionSettings()]);
  if (!requireComplianceSettings(compliance).stopOnExcludedQueueTransfer) return report('disabled');
  const { excludeQueues } = requireFlexSettings<ExclusionSettings>(exclusions);
  if (excludeQueues.length === 0) return report('queue_not_excluded');
  // Then the task's queue, and only for an excluded one its claims (the task and its event log).
  const task = await reads.task();
  // A deleted task is in no queue any more: nothing is being recorded there.
  if (task === undefined) return report('nothing_to_stop');
  const exclusion = findExclusion(
    { queueName: task.queueName, queueSid: task.queueSid, attributes: {} },
    { excludeQueues, excludeAttributes: [] },
  );
  if (exclusion === undefined) return report('queue_not_excluded');
  const events = await eventsOrNone(reads);
  const claims = sealedClaimsIn(
    [task.attributes, eventAttributes, ...attributesInEvents(events)],
    taskSid,
    deps.seals,
    log,
  );
  if (claims.length === 0) return report('nothing_to_stop');
  const stopped = await stopClaimedRecordings(task, taskSid, claims, 'excluded_transfer', deps);
  return report(stopped.length > 0 ? 'stopped' : 'nothing_to_stop', stopped);
}
