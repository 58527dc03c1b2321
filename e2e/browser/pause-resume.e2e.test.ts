import { expect, test } from './fixtures';
import { auditTrail, recordingAttributes } from './harness/taskAttributes';

test.describe('pause and resume, in the call controls and by keyboard', () => {
  test('Pause pauses the Twilio recording, the indicator stays "Recording paused", and the audit trail names alice', async ({
    call,
    sandbox,
    product,
  }) => {
    const { page: alice, recordingSid, taskSid } = await call();

    await alice.button('Pause recording').click();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    await expect(alice.button('Resume recording')).toHaveAttribute('aria-pressed', 'true');
    expect((await sandbox.recordings()).map((r) => r.status)).toEqual(['paused']);
    const { attributes } = await sandbox.task(taskSid);
    expect(recordingAttributes(attributes, recordingSid ?? '')).toMatchObject({
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
    // Paused stays paused: a later task update (another writer's attribute) reaches the page without
    // flipping it back. Waited for as the page's read of the sandbox, not as a sleep.
    await sandbox.setTaskAttributes(taskSid, { ...attributes, e2e_later_update: 'after pause' });
    await alice.caughtUp(() => product.page.notifyPages());
    expect(await alice.recordingStatus()).toBe('paused');
    await alice.screenshot('pause-paused');
  });

  test('Resume after Pause puts the Twilio recording back in progress and the indicator back to "Recording"', async ({
    call,
    sandbox,
  }) => {
    const { page: alice, recordingSid, taskSid } = await call();
    await alice.button('Pause recording').click();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();

    await alice.button('Resume recording').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await expect(alice.button('Pause recording')).toHaveAttribute('aria-pressed', 'false');
    expect((await sandbox.recordings()).map((r) => r.status)).toEqual(['in-progress']);
    const { attributes } = await sandbox.task(taskSid);
    expect(recordingAttributes(attributes, recordingSid ?? '')).toMatchObject({ paused: false });
    expect(auditTrail(attributes).map((entry) => entry.action)).toEqual(['pause', 'resume']);
    await alice.screenshot('pause-resumed');
  });

  test('the pause button sits in Flex’s call controls between Mute and Transfer', async ({ call }) => {
    const { page: alice } = await call();
    const controls = await alice.callControls();
    const at = (id: string): number => controls.indexOf(id);
    expect(at('mute-call')).toBeGreaterThanOrEqual(0);
    expect(at('dual-channel-recording-pause-button')).toBe(at('mute-call') + 1);
    expect(at('call-transfer')).toBe(at('dual-channel-recording-pause-button') + 1);
  });

  test('Ctrl+Shift+9 (the default toggle) pauses a running recording and resumes a paused one', async ({
    call,
    sandbox,
  }) => {
    const { page: alice, taskSid } = await call();
    await expect(alice.pauseButton()).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+9');

    await alice.pressShortcut('9');
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    expect((await sandbox.recordings()).map((r) => r.status)).toEqual(['paused']);
    await alice.screenshot('pause-shortcut-paused');

    // Flex's KeyboardShortcutManager drops a repeat of the same shortcut within its throttle (500 ms).
    await alice.page.waitForTimeout(600);
    await alice.pressShortcut('9');
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    expect((await sandbox.recordings()).map((r) => r.status)).toEqual(['in-progress']);
    expect(auditTrail((await sandbox.task(taskSid)).attributes).map((entry) => entry.action)).toEqual([
      'pause',
      'resume',
    ]);
  });

  test('a page reload mid-call reads the paused state back from the task, without starting a second recording', async ({
    call,
    sandbox,
  }) => {
    const { page: alice } = await call();
    await alice.button('Pause recording').click();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    const creates = async (): Promise<number> =>
      (await sandbox.requests()).filter((r) => r.method === 'POST' && /\/Recordings\.json$/.test(r.path))
        .length;
    const createsBefore = await creates();

    // Flex finds the accepted reservation in WORKER_INIT; the agent selects it in the task list.
    await alice.reload();
    await alice.select();
    await alice.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    await expect(alice.button('Resume recording')).toHaveAttribute('aria-pressed', 'true');
    await alice.screenshot('pause-after-reload');
    expect(await creates()).toBe(createsBefore);
    expect((await sandbox.recordings()).filter((r) => !r.deleted)).toHaveLength(1);

    // The reloaded tab can still act on the recording it read back.
    await alice.button('Resume recording').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    expect((await sandbox.recordings()).map((r) => r.status)).toEqual(['in-progress']);
  });
});
