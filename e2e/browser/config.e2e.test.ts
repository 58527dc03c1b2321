import { DEFAULT_RETRY_POLICY, giveUpBoundMs } from 'plugin-dual-channel-recording/src/services/retry';
import type { LocalProduct } from '@dual-channel-recording/flex-page/server/localProduct';
import { expect, test } from './fixtures';

/** The account's `ui_attributes` as the sandbox's Flex Configuration API serves them (Functions read these). */
async function servedUiAttributes({ stack }: LocalProduct): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64');
  const answer = await fetch(`${stack.sandboxUrl}/v1/Configuration`, {
    headers: { Authorization: `Basic ${auth}` },
  });
  return ((await answer.json()) as { ui_attributes: Record<string, unknown> }).ui_attributes;
}

// The Functions read the exclusions for every start here (no 30 s cache): each test sets its own.
test.use({ productOptions: { functionsEnv: { EXCLUSIONS_CACHE_SECONDS: '0' } } });

test.describe('configuration', () => {
  test('excluded queue: the call is not recorded and the agent sees which queue excluded it', async ({
    call,
    sandbox,
  }) => {
    const { page: alice, taskSid } = await call({ queue: 'Do Not Record', until: 'accepted' });

    await alice.indicator().filter({ hasText: 'Not recorded: queue Do Not Record is excluded' }).waitFor();
    await alice.screenshot('excluded-queue');
    expect(await sandbox.recordings()).toEqual([]);
    expect((await sandbox.task(taskSid)).attributes).not.toHaveProperty('conversations');
  });

  test('a tab opened before the admin excluded the queue (a stale copy) still records nothing: the Function refuses and the agent sees which queue', async ({
    openAgent,
    settings,
    call,
    sandbox,
  }) => {
    const alice = await openAgent({ settings: settings({ channel: 'customer', exclude_queues: [] }) });
    // The admin excludes the queue in Flex after the tab loaded: the tab keeps what Flex read at start.
    await sandbox.setFlexUiAttributes({
      dual_channel_recording: settings({ channel: 'customer', exclude_queues: ['Do Not Record'] }),
    });
    const since = (await sandbox.requests()).at(-1)?.seq ?? 0;
    await call({ page: alice, queue: 'Do Not Record', until: 'accepted' });

    await alice.indicator().filter({ hasText: 'Not recorded: queue Do Not Record is excluded' }).waitFor();
    await alice.screenshot('excluded-by-the-function');
    expect(await sandbox.recordings()).toEqual([]);
    const requests = await sandbox.requests(since);
    // The Function read the admin's current settings from the Flex Configuration API, then refused.
    expect(requests.filter((r) => r.api === 'flex')).not.toHaveLength(0);
    expect(requests.filter((r) => r.method === 'POST' && r.path.includes('/Recordings'))).toEqual([]);
  });

  test('invalid plugin settings: recording stays off and every problem is named in a notification', async ({
    openAgent,
    settings,
    call,
    sandbox,
  }) => {
    const alice = await openAgent({ settings: settings({ channel: 'agent', exclude_queue: ['x'] }) });
    await alice.notifications().filter({ hasText: 'ui_attributes.dual_channel_recording.channel' }).waitFor();
    await expect(alice.notifications().first()).toContainText('exclude_queue');
    await call({ page: alice, until: 'accepted' });

    await alice.indicator().filter({ hasText: 'Not recorded: the recording settings are invalid' }).waitFor();
    await alice.screenshot('misconfigured-settings');
    expect(await sandbox.recordings()).toEqual([]);
  });

  test('the page shows the settings it runs with, read from the Flex Configuration the Functions read, each problem named as the contract’s parser names it', async ({
    openAgent,
    product,
    settings,
    sandbox,
  }) => {
    // The admin's settings, with two compliance settings written wrongly.
    await sandbox.setFlexUiAttributes({
      dual_channel_recording: settings({
        channel: 'customer',
        exclude_queues: ['Do Not Record'],
        playback_roles: 'supervisor',
        consent_announcement: { url: 'ftp://assets.example.com/consent.mp3' },
      }),
    });
    const alice = await openAgent();
    const panel = alice.page.getByRole('region', { name: 'Settings' });
    // The document itself, as the sandbox's Flex Configuration API serves it.
    const served = await servedUiAttributes(product);
    await expect(panel.getByLabel('Settings document')).toHaveText(
      JSON.stringify(served.dual_channel_recording, null, 2),
    );
    const functions = panel.getByRole('list', { name: 'Problems: functions' });
    await expect(
      functions.locator('[data-setting="ui_attributes.dual_channel_recording.playback_roles"]'),
    ).toBeVisible();
    await expect(
      functions.locator('[data-setting="ui_attributes.dual_channel_recording.consent_announcement.url"]'),
    ).toBeVisible();
    // The plugin names the same settings in Flex's NotificationBar, and records nothing.
    await alice
      .notifications()
      .filter({ hasText: 'ui_attributes.dual_channel_recording.playback_roles' })
      .waitFor();

    // Fixed in Flex: a new tab shows what the Functions will enforce.
    await sandbox.setFlexUiAttributes({
      dual_channel_recording: settings({
        channel: 'customer',
        playback_roles: ['supervisor', 'wfo.quality_process_manager'],
        stop_on_last_agent_leave: false,
      }),
    });
    const again = await openAgent();
    const fixed = again.page.getByRole('region', { name: 'Settings' });
    await expect(fixed.getByTestId('functions-ok')).toBeVisible();
    await expect(fixed.getByTestId('recording-ok')).toBeVisible();
    await expect(fixed.locator('dd[data-setting="playback_roles"]')).toHaveText(
      'supervisor, wfo.quality_process_manager',
    );
    await expect(fixed.locator('dd[data-setting="stop_on_last_agent_leave"]')).toHaveText('no');
    await expect(fixed.locator('dd[data-setting="consent_announcement"]')).toHaveText('off');
    await again.screenshot('settings-panel');
  });

  test('page origin missing from the Functions’ ALLOWED_ORIGINS: the browser blocks the call and the agent is told', async ({
    openAgent,
    product,
    call,
    sandbox,
  }) => {
    test.setTimeout(120_000);
    // The Functions allow http://127.0.0.1:<port>; the same page on http://localhost:<port> is another origin.
    const localhost = product.pageUrl.replace('127.0.0.1', 'localhost');
    const alice = await openAgent({ baseUrl: localhost });
    await call({ page: alice, until: 'accepted' });

    // A CORS refusal reaches the page as a network error, which the plugin retries for a live call
    // for its whole window (a minute, src/services/retry.ts) before it reports the failure.
    await alice
      .indicator()
      .filter({ hasText: 'Recording failed: the recording service could not be reached' })
      .waitFor({ timeout: giveUpBoundMs(DEFAULT_RETRY_POLICY, 1000) + 10_000 });
    await alice.notifications().filter({ hasText: 'This call is not being recorded' }).waitFor();
    await alice.screenshot('cors-origin-not-allowed');
    expect(await sandbox.recordings()).toEqual([]);
  });
});
