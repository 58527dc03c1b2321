import { wavFormat } from './harness/wav';
import { useE2e } from './harness/e2eSuite';

const e2e = useE2e();

describe('inbound call, customer channel', () => {
  it('records the customer leg from Accept, writes the media entry, and the page serves the stereo WAV', async () => {
    const alice = await e2e.openAgent();
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('inbound-customer-recording');
    const customer = (await e2e.sandbox.calls()).find((c) => c.role === 'customer');
    const [recording, ...others] = await e2e.sandbox.recordings();
    expect(others).toHaveLength(0);
    expect(recording).toMatchObject({ callSid: customer?.sid, channels: 2, status: 'in-progress' });
    const [task] = await e2e.sandbox.tasks();
    expect(task.attributes.conversations).toMatchObject({
      media: [
        expect.objectContaining({ type: 'VoiceRecording', url: expect.stringContaining(recording.sid) }),
      ],
    });
    // The page shows the attributes the Function wrote.
    await alice.page.getByLabel(`Attributes of ${task.sid}`).filter({ hasText: recording.sid }).waitFor();

    await alice.button('Hang up').click();
    await alice.button('Complete').click();
    await alice.page.getByText('No tasks.').waitFor();
    expect(await e2e.sandbox.recordings()).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect((await e2e.sandbox.task(task.sid)).assignmentStatus).toBe('completed');

    const download = alice.page.getByRole('link', { name: new RegExp(`Download ${recording.sid}`) });
    const href = await download.getAttribute('href');
    const media = await alice.page.request.get(`${e2e.product.pageUrl}${href ?? ''}`);
    expect(media.status()).toBe(200);
    expect(media.headers()['content-disposition']).toContain(`${recording.sid}.wav`);
    expect(wavFormat(await media.body())).toEqual({ riff: 'RIFF', channels: 2, sampleRate: 8000 });
  });

  it('caller hangs up just before the agent accepts: nothing is recorded and the agent is told why', async () => {
    const alice = await e2e.openAgent();
    await alice.button('Incoming call').click();
    await alice.button('Accept').waitFor();
    const customer = (await e2e.sandbox.calls()).find((c) => c.role === 'customer');
    // The hang-up races the accept: Flex shows the customer as having left when the task arrives.
    await e2e.sandbox.hangup(customer?.sid ?? '');
    await alice.button('Accept').click();

    await alice.indicator().filter({ hasText: 'Not recorded: the call ended first' }).waitFor();
    await alice.notifications().filter({ hasText: 'The call ended before it could be recorded.' }).waitFor();
    await alice.screenshot('inbound-caller-hung-up-first');
    expect(await e2e.sandbox.recordings()).toEqual([]);
    const recordingRequests = (await e2e.sandbox.requests()).filter((r) => r.path.includes('/Recordings'));
    expect(recordingRequests).toEqual([]);
  });

  it('two tabs of the same agent: both follow the call and the call keeps exactly one recording', async () => {
    const first = await e2e.openAgent();
    const second = await e2e.openAgent();
    await first.button('Incoming call').click();
    await second.button('Accept').waitFor();
    await first.button('Accept').click();

    await first
      .indicator()
      .filter({ hasText: /^Recording/ })
      .waitFor();
    await second
      .indicator()
      .filter({ hasText: /^Recording/ })
      .waitFor();
    await first.screenshot('two-tabs-first');
    await second.screenshot('two-tabs-second');
    // Both tabs ask at once. Twilio itself would keep two recordings; the Function lets one win and
    // stops and deletes its own duplicate, so the call keeps exactly one recording: the task's.
    const recordings = (await e2e.sandbox.recordings()).filter((r) => !r.deleted);
    expect(recordings).toHaveLength(1);
    const running = recordings.filter((r) => r.status === 'in-progress');
    expect(running).toHaveLength(1);
    const [task] = await e2e.sandbox.tasks();
    const media = (task.attributes.conversations as { media?: { url: string }[] } | undefined)?.media ?? [];
    expect(media).toEqual([expect.objectContaining({ url: expect.stringContaining(running[0].sid) })]);
  });

  // Pause/resume (button, shortcut, reload) is in pause-resume.e2e.test.ts; status callbacks
  // (completed, absent) in recording-status.e2e.test.ts.
});
