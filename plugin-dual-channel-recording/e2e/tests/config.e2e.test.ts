import { DEFAULT_RETRY_POLICY, giveUpBoundMs } from '../../src/services/retry';
import { expect, test } from './fixtures';

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

  test('a plugin whose settings miss the admin’s exclusion (a stale copy) still records nothing: the Function refuses and the agent sees which queue', async ({
    openAgent,
    settings,
    call,
    sandbox,
  }) => {
    // The admin's exclusion, as the Functions read it from the Flex Configuration API.
    await sandbox.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: ['Do Not Record'] } });
    const alice = await openAgent({ settings: settings({ channel: 'customer', exclude_queues: [] }) });
    await call({ page: alice, queue: 'Do Not Record', until: 'accepted' });

    await alice.indicator().filter({ hasText: 'Not recorded: queue Do Not Record is excluded' }).waitFor();
    await alice.screenshot('excluded-by-the-function');
    expect(await sandbox.recordings()).toEqual([]);
    const requests = await sandbox.requests();
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
