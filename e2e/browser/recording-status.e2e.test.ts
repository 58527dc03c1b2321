import { expect, test } from './fixtures';
import { recordingAttributes } from './harness/taskAttributes';

test.describe('recording status callbacks, read back from the task', () => {
  test('after hang-up, /recording-status verifies the completed callback, the task records it and the indicator says "Recording complete"', async ({
    call,
    sandbox,
  }) => {
    const { page: alice, recordingSid, taskSid } = await call();

    // The agent hangs up: wrap-up keeps the call canvas on screen.
    await alice.hangUp();
    await alice.indicator().filter({ hasText: 'Recording complete' }).waitFor();
    await expect(alice.pauseButton()).toHaveCount(0);
    await alice.screenshot('status-completed');

    const completed = (await sandbox.callbacks()).filter(
      (c) => c.recordingSid === recordingSid && c.params.RecordingStatus === 'completed',
    );
    expect(completed).toEqual([expect.objectContaining({ responseStatus: 200, error: null })]);
    const { attributes } = await sandbox.task(taskSid);
    expect(recordingAttributes(attributes, recordingSid ?? '')).toMatchObject({
      status: 'completed',
      paused: false,
      duration: expect.any(Number),
    });
  });

  test('an absent recording: while the call is on screen the indicator says "Not recorded: nothing was recorded"', async ({
    call,
    sandbox,
  }) => {
    const { page: alice, recordingSid, taskSid } = await call();

    await sandbox.markRecordingAbsent(recordingSid ?? '');
    await alice.indicator().filter({ hasText: 'Not recorded: nothing was recorded' }).waitFor();
    // Still on the call, and nothing left to pause.
    await alice.button('Hang up').waitFor();
    await expect(alice.pauseButton()).toHaveCount(0);
    await alice.screenshot('status-absent');

    const absent = (await sandbox.callbacks()).filter(
      (c) => c.recordingSid === recordingSid && c.params.RecordingStatus === 'absent',
    );
    expect(absent).toEqual([expect.objectContaining({ responseStatus: 200 })]);
    const { attributes } = await sandbox.task(taskSid);
    expect(recordingAttributes(attributes, recordingSid ?? '')).toMatchObject({
      status: 'absent',
      error_code: 16101,
    });
  });
});
