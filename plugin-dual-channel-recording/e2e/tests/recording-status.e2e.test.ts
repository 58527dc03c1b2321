import type { AgentPage } from '../browser/agentPage';
import { useE2e } from './harness/e2eSuite';
import { recordingAttributes } from './harness/taskAttributes';

const e2e = useE2e();

/** Rings alice, accepts, and waits until the customer's leg is recorded. */
async function recordedInboundCall(): Promise<{ alice: AgentPage; recordingSid: string; taskSid: string }> {
  const alice = await e2e.openAgent();
  await alice.button('Incoming call').click();
  await alice.button('Accept').click();
  await alice
    .indicator()
    .filter({ hasText: /^Recording$/ })
    .waitFor();
  const [recording] = await e2e.sandbox.recordings();
  const [task] = await e2e.sandbox.tasks();
  return { alice, recordingSid: recording.sid, taskSid: task.sid };
}

describe('recording status callbacks, read back from the task', () => {
  it('after hang-up, /recording-status verifies the completed callback, the task records it and the indicator says "Recording complete"', async () => {
    const { alice, recordingSid, taskSid } = await recordedInboundCall();

    // The agent hangs up: wrap-up keeps the call canvas on screen.
    await alice.button('Hang up').click();
    await alice.indicator().filter({ hasText: 'Recording complete' }).waitFor();
    await expect(alice.pauseButton().count()).resolves.toBe(0);
    await alice.screenshot('status-completed');

    const completed = (await e2e.sandbox.callbacks()).filter(
      (c) => c.recordingSid === recordingSid && c.params.RecordingStatus === 'completed',
    );
    expect(completed).toEqual([expect.objectContaining({ responseStatus: 200, error: null })]);
    const attributes = (await e2e.sandbox.task(taskSid)).attributes;
    expect(recordingAttributes(attributes, recordingSid)).toMatchObject({
      status: 'completed',
      paused: false,
      duration: expect.any(Number),
    });
  });

  it('an absent recording: while the call is on screen the indicator says "Not recorded: nothing was recorded"', async () => {
    const { alice, recordingSid, taskSid } = await recordedInboundCall();

    await e2e.sandbox.markRecordingAbsent(recordingSid);
    await alice.indicator().filter({ hasText: 'Not recorded: nothing was recorded' }).waitFor();
    // Still on the call, and nothing left to pause.
    await alice.button('Hang up').waitFor();
    await expect(alice.pauseButton().count()).resolves.toBe(0);
    await alice.screenshot('status-absent');

    const absent = (await e2e.sandbox.callbacks()).filter(
      (c) => c.recordingSid === recordingSid && c.params.RecordingStatus === 'absent',
    );
    expect(absent).toEqual([expect.objectContaining({ responseStatus: 200 })]);
    const attributes = (await e2e.sandbox.task(taskSid)).attributes;
    expect(recordingAttributes(attributes, recordingSid)).toMatchObject({
      status: 'absent',
      error_code: 16101,
    });
  });
});
