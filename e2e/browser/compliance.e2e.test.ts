import type { Locator } from '@playwright/test';

import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';

import type { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import type { LocalProduct } from '@dual-channel-recording/flex-page/server/localProduct';
import { expect, test } from './fixtures';
import { recordingAttributes, voiceMedia } from './harness/taskAttributes';

// Each test sets the admin's settings in Flex: the Functions read them on every request (no 30 s cache).
test.use({ productOptions: { functionsEnv: { EXCLUSIONS_CACHE_SECONDS: '0' } } });

const CONSENT_URL = 'https://assets.example.com/consent.mp3';
const SURVEY_QUEUE = 'Post-call survey';

/** The replay view's row of a recording in a tab. */
const replayRow = (tab: AgentPage, recordingSid: string): Locator =>
  tab.page.getByRole('region', { name: 'Replay' }).locator(`li[data-recording-sid="${recordingSid}"]`);

/** The channels the replay view decoded: the media entry's party and the tone measured on each. */
async function playedChannels(row: Locator): Promise<{ party: string; hz: number }[]> {
  return row.locator('li[data-channel]').evaluateAll((items) =>
    items.map((li) => ({
      party: li.getAttribute('data-party') ?? '',
      hz: Number(li.getAttribute('data-frequency-hz')),
    })),
  );
}

/**
 * The customer hangs up and the recording completes. No wait before it: the sandbox bills a completed
 * recording at least one second (`tools/twilio-sandbox/src/recordings.ts`), so its WAV holds a second or more of audio.
 */
async function customerHangsUp(
  product: LocalProduct,
  sandbox: SandboxClient,
  taskSid: string,
  recordingSid: string,
): Promise<void> {
  await product.page.actions.customerHangup(taskSid);
  await expect
    .poll(async () => (await sandbox.recordings()).find((r) => r.sid === recordingSid)?.status)
    .toBe('completed');
}

test.describe('supervisor replay: the url_provider, then the short-lived media link', () => {
  test('with Enforce HTTP Auth on Media, a supervisor plays a finished recording through the url_provider: customer on channel 1 (440 Hz decoded), agent on channel 2 (1000 Hz)', async ({
    call,
    openAgent,
    product,
    sandbox,
  }) => {
    await sandbox.setMediaAuth(true);
    const { taskSid, recordingSid = '' } = await call();
    await customerHangsUp(product, sandbox, taskSid, recordingSid);

    const sam = await openAgent({ agent: 'sam', role: 'supervisor' });
    const sent: { url: string; authorization: string | undefined }[] = [];
    sam.page.on('request', (r) => sent.push({ url: r.url(), authorization: r.headers().authorization }));
    const row = replayRow(sam, recordingSid);
    const providerAnswer = sam.page.waitForResponse((r) => r.url().includes('/playback-recording?'));
    await row.getByRole('button', { name: `Play ${recordingSid}` }).click();
    await row.and(sam.page.locator('[data-state="playing"]')).waitFor();
    await sam.screenshot('replay-supervisor');

    // Which party is on which channel is read from the decoded samples, not from our labels.
    const channels = await playedChannels(row);
    expect(channels).toHaveLength(2);
    expect(channels[0].party).toBe('customer');
    expect(Math.abs(channels[0].hz - 440)).toBeLessThanOrEqual(5);
    expect(Math.abs(channels[1].hz - 1000)).toBeLessThanOrEqual(5);

    // The path Insights' player takes: the media entry's stored url_provider with the supervisor's
    // Flex token as Basic `token:<JWE>`, then the `media_url` of its `{ "media_url": … }` answer,
    // fetched without credentials.
    const stored = voiceMedia((await sandbox.task(taskSid)).attributes)[0];
    const provider = sent.find((r) => r.url === stored.url_provider);
    expect(provider?.url).toContain(`recordingSid=${recordingSid}`);
    const basic = /^Basic (.+)$/.exec(provider?.authorization ?? '');
    expect(Buffer.from(basic?.[1] ?? '', 'base64').toString()).toMatch(/^token:\S+$/);
    const answer = await providerAnswer;
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['media_url']);
    const media = sent.find((r) => r.url === body.media_url);
    expect(media?.url.startsWith(`${product.stack.sandboxUrl}/__media/${recordingSid}.wav?`)).toBe(true);
    expect(media?.authorization).toBeUndefined();
    // Without credentials the recording's own media URL is refused: the page could only play it this way.
    const direct = await fetch(
      `${product.stack.sandboxUrl}/2010-04-01/Accounts/${product.stack.accountSid}/Recordings/${recordingSid}.wav`,
    );
    expect(direct.status).toBe(401);
  });

  test('an agent who did not handle the call is refused with the Function’s reason shown; with playback_handling_agent the agent who did plays it', async ({
    call,
    openAgent,
    product,
    sandbox,
    settings,
  }) => {
    await sandbox.setMediaAuth(true);
    const alice = await openAgent({
      settings: settings({ channel: 'customer', playback_handling_agent: true }),
    });
    const { taskSid, recordingSid = '' } = await call({ page: alice });
    await customerHangsUp(product, sandbox, taskSid, recordingSid);

    const bob = await openAgent({ agent: 'bob' });
    const bobMedia: string[] = [];
    bob.page.on('request', (r) => {
      if (r.url().startsWith(`${product.stack.sandboxUrl}/__media/`)) bobMedia.push(r.url());
    });
    const bobRow = replayRow(bob, recordingSid);
    await bobRow.getByRole('button', { name: `Play ${recordingSid}` }).click();
    const refusal = bobRow.getByRole('alert');
    await expect(refusal).toContainText('Refused (403 playback_denied)');
    await expect(refusal).toContainText(`You did not handle task ${taskSid}`);
    await bob.screenshot('replay-refused');
    expect(bobMedia).toEqual([]);

    // Alice handled it (TaskRouter's events say so): her own tab plays it.
    await alice.reload();
    const aliceRow = replayRow(alice, recordingSid);
    await aliceRow.getByRole('button', { name: `Play ${recordingSid}` }).click();
    await aliceRow.and(alice.page.locator('[data-state="playing"]')).waitFor();
    expect((await playedChannels(aliceRow)).map((c) => c.party)).toEqual(['customer', 'others']);
  });
});

test.describe('consent announcement, as the agent sees it', () => {
  test('the customer hears the announcement once as the recording starts, stays on the call, and the agent sees "Recording"', async ({
    call,
    openAgent,
    sandbox,
    settings,
  }) => {
    const alice = await openAgent({
      settings: settings({ channel: 'customer', consent_announcement: { url: CONSENT_URL } }),
    });
    const { taskSid, recordingSid = '' } = await call({ page: alice });
    const [task] = await sandbox.tasks();
    const customerCallSid = String(task.attributes.call_sid);

    const announcements = await sandbox.announcements();
    expect(announcements).toEqual([expect.objectContaining({ callSid: customerCallSid, url: CONSENT_URL })]);
    expect((await sandbox.calls()).find((c) => c.sid === customerCallSid)?.status).toBe('in-progress');
    expect(recordingAttributes((await sandbox.task(taskSid)).attributes, recordingSid)).toMatchObject({
      consent: { status: 'announced', on: 'start' },
    });
    // A second tab of the same agent reads the call back: no second announcement.
    const again = await openAgent();
    await again.select();
    await again
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    expect(await sandbox.announcements()).toHaveLength(1);
  });

  // Twilio refuses the announcement (400, 21220 "invalid call state"): each setting of
  // stop_recording_on_failure, as the agent sees it.
  for (const { stop, says, status, shot } of [
    {
      stop: false,
      says: 'Recording, but the caller did not hear the recording announcement',
      status: 'in-progress',
      shot: 'consent-failed-still-recording',
    },
    {
      stop: true,
      says: 'Recording stopped: the caller could not hear the recording announcement',
      status: 'completed',
      shot: 'consent-failed-stopped',
    },
  ]) {
    test(`a failed announcement with stop_recording_on_failure ${String(stop)}: the recording is ${status} and the indicator says "${says}"`, async ({
      call,
      openAgent,
      sandbox,
      settings,
    }) => {
      const consent = { url: CONSENT_URL, stop_recording_on_failure: stop };
      const alice = await openAgent({
        settings: settings({ channel: 'customer', consent_announcement: consent }),
      });
      await sandbox.addFault({
        method: 'POST',
        path: '/Participants/CA\\w+\\.json$',
        status: 400,
        code: 21220,
      });
      await call({ page: alice, until: 'accepted' });

      await alice.indicator().filter({ hasText: says }).waitFor();
      await alice.screenshot(shot);
      expect((await sandbox.recordings()).map((r) => r.status)).toEqual([status]);
      expect(await sandbox.announcements()).toEqual([]);
    });
  }
});

test.describe('stop when the last agent leaves (Event Streams → /task-events)', () => {
  test('the agent hangs up, the customer stays on for a post-call survey: the recording stops, the customer is still connected, and the agent sees why', async ({
    call,
    sandbox,
  }) => {
    const { page: alice, taskSid, recordingSid = '' } = await call({ queue: SURVEY_QUEUE });
    const [task] = await sandbox.tasks();
    const customerCallSid = String(task.attributes.call_sid);

    await alice.hangUp();
    await alice
      .indicator()
      .filter({ hasText: 'Recording stopped: the call is over for every agent' })
      .waitFor();
    await alice.screenshot('stopped-last-agent-left');
    expect((await sandbox.recordings()).find((r) => r.sid === recordingSid)?.status).toBe('completed');
    expect((await sandbox.calls()).find((c) => c.sid === customerCallSid)?.status).toBe('in-progress');
    expect(recordingAttributes((await sandbox.task(taskSid)).attributes, recordingSid)).toMatchObject({
      stopped_by: 'last_agent_left',
    });
  });

  test('warm transfer: the first agent leaving never stops it (the second agent still records); it stops when the second leaves', async ({
    call,
    openAgent,
    sandbox,
  }) => {
    const alice = await openAgent({ agent: 'alice' });
    const bob = await openAgent({ agent: 'bob' });
    const { taskSid, recordingSid = '' } = await call({ page: alice, queue: SURVEY_QUEUE });
    // Before the transfer, the task's one accepted reservation is Alice's.
    const aliceReservation = (await sandbox.state()).reservations.find(
      (r) => r.taskSid === taskSid && r.status === 'accepted',
    )?.sid;
    expect(aliceReservation).toBeDefined();
    await alice.page.getByLabel('Transfer to').selectOption('bob');
    await alice.button('Transfer').click();
    await bob.accept();
    const bobRecording = bob
      .indicator()
      .filter({ hasText: 'Recording (continued from earlier in the call)' });
    await bobRecording.waitFor();

    // Alice leaves the call to Bob: her reservation wraps up while Bob holds the task, so no end event
    // of the task reaches the Function, and the recording goes on.
    await alice.hangUp();
    await expect
      .poll(async () => (await sandbox.state()).reservations.find((r) => r.sid === aliceReservation)?.status)
      .toBe('wrapping');
    expect((await sandbox.state()).tasks.find((t) => t.sid === taskSid)?.assignmentStatus).toBe('assigned');
    expect((await sandbox.recordings()).find((r) => r.sid === recordingSid)?.status).toBe('in-progress');
    await expect(bobRecording).toBeVisible();

    await bob.hangUp();
    await bob
      .indicator()
      .filter({ hasText: 'Recording stopped: the call is over for every agent' })
      .waitFor();
    await bob.screenshot('stopped-after-warm-transfer');
    expect((await sandbox.recordings()).filter((r) => r.status === 'in-progress')).toEqual([]);
  });
});
