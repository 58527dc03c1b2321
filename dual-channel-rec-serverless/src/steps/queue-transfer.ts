/**
 * A task transferred into a queue the admin excludes from recording. One customer-leg recording spans
 * every transfer, so without this rule a call moved into an excluded queue (a medical line, a
 * complaints desk) would go on being recorded there: the plugin of the agent who takes it asks for
 * nothing and create-recording would refuse, but the recording the first agent started runs on.
 * What an admin who lists a queue in `exclude_queues` expects is that its conversations are not
 * recorded, so by default (`stop_on_excluded_queue_transfer`) the task's recordings stop as the task
 * enters that queue (TaskRouter's `task-queue.entered`, or a reservation accepted from it).
 *
 * Decided from TaskRouter's own queue fields (an agent cannot write them), and only queue rules count:
 * attribute rules are the agent's to write, and would let them stop their own recording at will. The
 * events' queue (`task_queue_sid` / `task_queue_name`, which TaskRouter writes) tells whether to look
 * at all: an event about a queue that is not excluded costs nothing, since every later move of the
 * task into an excluded queue is an event of its own. The stop itself is decided on the task as it
 * is now (read then anyway, for its ETag), so a late event about a queue the task has since left
 * stops nothing. When an event carries no queue, the task is read.
 */
import type {
  ComplianceSettingsResult,
  ExclusionSettings,
  ExclusionSettingsResult,
} from '@dual-channel-recording/contract';
import { findExclusion } from '@dual-channel-recording/contract';
import { requireComplianceSettings, requireFlexSettings } from './flex-settings';
import { claimVersions } from './claim-versions';
import type { EventFacts } from './event-facts';
import type { TaskReads } from './task-reads';
import { eventsOrNone, taskReadsOnce } from './task-reads';
import type { StopDeps } from './stop-claimed';
import { runningClaims, stopClaimedRecordings } from './stop-claimed';
import { sealedClaimsIn } from '../rules/task-claims';

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
 * `facts.queues` are the queues the events said the task entered.
 */
export async function stopIfInExcludedQueue(
  taskSid: string,
  facts: EventFacts,
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
  const rules = { excludeQueues, excludeAttributes: [] };
  const excluded = (queue: { sid: string; name: string }): boolean =>
    findExclusion({ queueName: queue.name, queueSid: queue.sid, attributes: {} }, rules) !== undefined;
  // The queues TaskRouter said the task entered: none excluded, nothing to look at.
  if (facts.queues !== undefined && !facts.queues.some(excluded)) return report('queue_not_excluded');
  // Then the task's queue now, and only for an excluded one its claims.
  const task = await reads.task();
  // A deleted task is in no queue any more: nothing is being recorded there.
  if (task === undefined) return report('nothing_to_stop');
  if (!excluded({ sid: task.queueSid, name: task.queueName })) return report('queue_not_excluded');
  const versions = await claimVersions(reads, facts.attributes, await eventsOrNone(reads));
  const claims = sealedClaimsIn(versions, taskSid, deps.seals, log);
  if (claims.length === 0) return report('nothing_to_stop');
  const running = await runningClaims(claims, versions, taskSid, reads, deps.seals);
  if (running.length === 0) return report('nothing_to_stop');
  const stopped = await stopClaimedRecordings(taskSid, running, 'excluded_transfer', { ...deps, reads });
  return report(stopped.length > 0 ? 'stopped' : 'nothing_to_stop', stopped);
}
