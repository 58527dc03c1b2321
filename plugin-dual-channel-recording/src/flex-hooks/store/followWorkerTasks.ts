import type * as Flex from '@twilio/flex-ui';

import type { Recorder } from '../../recording/recorder';
import type { RecordingStore } from '../../recording/recordingStore';
import { syncRecordingStates } from '../../recording/recordingStateSync';
import type { ReportOnce } from '../../recording/reportOnce';
import type { CallTaskTest } from '../../recording/types';
import { workerTasks } from '../flexAdapter';

/**
 * Follows `flex.worker.tasks` in the Flex store: restores each call's recording state from its task
 * attributes after a page reload (Flex does not emit taskAccepted again), starts the recorder for an
 * accepted call that has none yet, and applies attribute changes (paused in another tab, completed,
 * absent). Returns the function that stops following.
 */
export function followWorkerTasks(
  manager: Flex.Manager,
  store: RecordingStore,
  recorder: Recorder,
  canRecord: boolean,
  isCallTask: CallTaskTest,
  report: ReportOnce,
): () => void {
  return syncRecordingStates<Flex.FlexState>({
    flexStore: manager.store,
    tasks: workerTasks,
    isCallTask,
    store,
    canRecord,
    report,
    adopt: (task) => {
      // Not awaited: the flow waits for the leg; onTaskAccepted never rejects and ignores repeats.
      void recorder.onTaskAccepted(task);
    },
  });
}
