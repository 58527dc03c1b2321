import { wavFormat } from './harness/wav';
import { expect, test } from './fixtures';
import { waitForTwilioQuiet } from './harness/quiet';

test.describe('inbound call, customer channel', () => {
  test('records the customer leg from Accept, writes the media entry, and the page serves the stereo WAV', async ({
    call,
    sandbox,
    product,
  }) => {
    const { page: alice, taskSid } = await call();
    await alice.screenshot('inbound-customer-recording');
    const customer = (await sandbox.calls()).find((c) => c.role === 'customer');
    const [recording, ...others] = await sandbox.recordings();
    expect(others).toHaveLength(0);
    expect(recording).toMatchObject({ callSid: customer?.sid, channels: 2, status: 'in-progress' });
    const task = await sandbox.task(taskSid);
    expect(task.attributes.conversations).toMatchObject({
      media: [
        expect.objectContaining({ type: 'VoiceRecording', url: expect.stringContaining(recording.sid) }),
      ],
    });
    // The page shows the attributes the Function wrote.
    await alice.page.getByLabel(`Attributes of ${task.sid}`).filter({ hasText: recording.sid }).waitFor();

    // Flex's own Hang up (HangupCall) and Complete (CompleteTask) in the task canvas.
    await alice.hangUp();
    await alice.complete();
    await alice.noTasks();
    expect(await sandbox.recordings()).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect((await sandbox.task(task.sid)).assignmentStatus).toBe('completed');

    const download = alice.page.getByRole('link', { name: new RegExp(`Download ${recording.sid}`) });
    const href = await download.getAttribute('href');
    const media = await alice.page.request.get(`${product.pageUrl}${href ?? ''}`);
    expect(media.status()).toBe(200);
    expect(media.headers()['content-disposition']).toContain(`${recording.sid}.wav`);
    expect(wavFormat(await media.body())).toEqual({ riff: 'RIFF', channels: 2, sampleRate: 8000 });
  });

  test('caller hangs up while the reservation rings: TaskRouter cancels the task, Flex drops it, the plugin never starts', async ({
    openAgent,
    sandbox,
    product,
  }) => {
    const alice = await openAgent();
    const functionCalls = alice.requestsTo(product.stack.functionsUrl);
    await alice.button('Incoming call').click();
    await alice.button('Accept').waitFor();
    const [task] = await sandbox.tasks();
    await product.page.actions.customerHangup(task.sid);

    // Real Flex gets the reservation's `canceled`: no taskAccepted, the task leaves the agent's list.
    await alice.noTasks();
    await alice.screenshot('inbound-caller-hung-up-first');
    expect((await sandbox.task(task.sid)).assignmentStatus).toBe('canceled');
    expect(await sandbox.recordings()).toEqual([]);
    const recordingRequests = (await sandbox.requests()).filter((r) => r.path.includes('/Recordings'));
    expect(recordingRequests).toEqual([]);
    expect(functionCalls).toEqual([]);
    await expect(alice.notifications().filter({ hasText: /record/i })).toHaveCount(0);
  });

  test('two tabs of the same agent: both show "Recording", only the tab that took the call asks, one recording', async ({
    openAgent,
    sandbox,
    product,
  }) => {
    const first = await openAgent();
    const second = await openAgent();
    const secondTabCalls = second.requestsTo(product.stack.functionsUrl);
    await first.button('Incoming call').click();
    await second.button('Accept').waitFor();
    await first.accept();
    // The second tab shows the call canvas once the agent selects the task there (Flex renders the
    // canvas of the selected task only).
    await second.select();

    // Exactly "Recording": this reservation's own recording is never "continued from earlier in the call".
    await first
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await second
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await first.screenshot('two-tabs-first');
    await second.screenshot('two-tabs-second');
    // The second tab holds no browser call: it shows what the task attributes say and asks for nothing.
    expect(secondTabCalls).toEqual([]);
    await expect(second.notifications().filter({ hasText: /record/i })).toHaveCount(0);
    // Judged once Twilio is quiet: a duplicate a Function stopped may still be being deleted.
    await waitForTwilioQuiet(sandbox);
    const recordings = (await sandbox.recordings()).filter((r) => !r.deleted);
    expect(recordings).toHaveLength(1);
    const running = recordings.filter((r) => r.status === 'in-progress');
    expect(running).toHaveLength(1);
    const [task] = await sandbox.tasks();
    const media = (task.attributes.conversations as { media?: { url: string }[] } | undefined)?.media ?? [];
    expect(media).toEqual([expect.objectContaining({ url: expect.stringContaining(running[0].sid) })]);
  });

  // Pause/resume (button, shortcut, reload) is in pause-resume.e2e.test.ts; status callbacks
  // (completed, absent) in recording-status.e2e.test.ts.
});
