import type { AgentPage } from '../browser/agentPage';
import { useE2e } from './harness/e2eSuite';
import { auditTrail, recordingAttributes } from './harness/taskAttributes';

const e2e = useE2e();

/** Rings alice, accepts, and waits until the customer's leg is recorded; returns the recording SID. */
async function recordedInboundCall(alice: AgentPage): Promise<string> {
  await alice.button('Incoming call').click();
  await alice.button('Accept').click();
  await alice
    .indicator()
    .filter({ hasText: /^Recording$/ })
    .waitFor();
  const [recording] = await e2e.sandbox.recordings();
  return recording.sid;
}

/** Twilio's status of the (only) recording. */
async function twilioStatus(): Promise<string[]> {
  return (await e2e.sandbox.recordings()).map((r) => r.status);
}

/** The attributes of the (only) task. */
async function taskAttributes(): Promise<Record<string, unknown>> {
  const [task] = await e2e.sandbox.tasks();
  return task.attributes;
}

describe('pause and resume, in the call controls and by keyboard', () => {
  it('Pause pauses the Twilio recording, the indicator stays "Recording paused", and the audit trail names alice', async () => {
    const alice = await e2e.openAgent();
    const recordingSid = await recordedInboundCall(alice);

    await alice.button('Pause recording').click();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    await expect(alice.button('Resume recording').getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await twilioStatus()).toEqual(['paused']);
    const attributes = await taskAttributes();
    expect(recordingAttributes(attributes, recordingSid)).toMatchObject({
      status: 'in-progress',
      paused: true,
    });
    expect(auditTrail(attributes)).toEqual([
      expect.objectContaining({
        action: 'pause',
        recording_sid: recordingSid,
        by: expect.objectContaining({ identity: 'alice' }),
      }),
    ]);
    // Paused stays paused: later task updates reach the page (every 150 ms) without flipping it back.
    await alice.page.waitForTimeout(1500);
    expect(await alice.recordingStatus()).toBe('paused');
    await alice.screenshot('pause-paused');
  });

  it('Resume after Pause puts the Twilio recording back in progress and the indicator back to "Recording"', async () => {
    const alice = await e2e.openAgent();
    const recordingSid = await recordedInboundCall(alice);
    await alice.button('Pause recording').click();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();

    await alice.button('Resume recording').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await expect(alice.button('Pause recording').getAttribute('aria-pressed')).resolves.toBe('false');
    expect(await twilioStatus()).toEqual(['in-progress']);
    const attributes = await taskAttributes();
    expect(recordingAttributes(attributes, recordingSid)).toMatchObject({ paused: false });
    expect(auditTrail(attributes).map((entry) => entry.action)).toEqual(['pause', 'resume']);
    await alice.screenshot('pause-resumed');
  });

  it('Ctrl+Shift+9 (the default toggle) pauses a running recording and resumes a paused one', async () => {
    const alice = await e2e.openAgent();
    await recordedInboundCall(alice);
    await expect(alice.pauseButton().getAttribute('aria-keyshortcuts')).resolves.toBe('Control+Shift+9');

    await alice.pressShortcut('9');
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    expect(await twilioStatus()).toEqual(['paused']);
    await alice.screenshot('pause-shortcut-paused');

    // Flex drops a repeat of the same shortcut within its throttle (500 ms).
    await alice.page.waitForTimeout(600);
    await alice.pressShortcut('9');
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    expect(await twilioStatus()).toEqual(['in-progress']);
    expect(auditTrail(await taskAttributes()).map((entry) => entry.action)).toEqual(['pause', 'resume']);
  });

  it('a page reload mid-call reads the paused state back from the task, without starting a second recording', async () => {
    const alice = await e2e.openAgent();
    await recordedInboundCall(alice);
    await alice.button('Pause recording').click();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    const createsBefore = (await e2e.sandbox.requests()).filter(
      (r) => r.method === 'POST' && /\/Recordings\.json$/.test(r.path),
    ).length;

    await alice.reload();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    await expect(alice.button('Resume recording').getAttribute('aria-pressed')).resolves.toBe('true');
    await alice.screenshot('pause-after-reload');
    const createsAfter = (await e2e.sandbox.requests()).filter(
      (r) => r.method === 'POST' && /\/Recordings\.json$/.test(r.path),
    ).length;
    expect(createsAfter).toBe(createsBefore);
    expect((await e2e.sandbox.recordings()).filter((r) => !r.deleted)).toHaveLength(1);

    // The reloaded tab can still act on the recording it read back.
    await alice.button('Resume recording').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    expect(await twilioStatus()).toEqual(['in-progress']);
  });
});
