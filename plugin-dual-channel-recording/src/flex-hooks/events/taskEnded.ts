import type * as Flex from '@twilio/flex-ui';

import type { Recorder } from '../../recording/recorder';

/** Events after which this worker's call is over but the task is still on screen. */
export const CALL_OVER_EVENTS = ['taskWrapup'] as const;
/** Events after which the reservation leaves Flex. */
export const TASK_GONE_EVENTS = ['taskCompleted', 'taskCanceled', 'taskRescinded', 'taskTimeout'] as const;

/** Cancels a pending wait when the task ends, and forgets its state when the task leaves. */
export function registerTaskEnded(manager: Flex.Manager, recorder: Recorder): void {
  for (const event of CALL_OVER_EVENTS) {
    manager.events.addListener(event, (task: Flex.ITask) => recorder.onTaskEnded(task.sid));
  }
  for (const event of TASK_GONE_EVENTS) {
    manager.events.addListener(event, (task: Flex.ITask) => recorder.onTaskRemoved(task.sid));
  }
}
