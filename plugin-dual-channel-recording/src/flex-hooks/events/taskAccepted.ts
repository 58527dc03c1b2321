import type * as Flex from '@twilio/flex-ui';

import type { Recorder } from '../../recording/recorder';
import { toTaskLike } from '../flexAdapter';

/** Starts the recording flow for every accepted task (the recorder ignores non-voice tasks). */
export function registerTaskAccepted(manager: Flex.Manager, recorder: Recorder): void {
  manager.events.addListener('taskAccepted', (task: Flex.ITask) => {
    // Do not await: the flow waits up to a minute for the leg (an outbound call rings), and accepting
    // the task must never wait on recording. onTaskAccepted never rejects.
    void recorder.onTaskAccepted(toTaskLike(task));
  });
}
