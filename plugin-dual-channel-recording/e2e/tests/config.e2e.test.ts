import { useE2e } from './harness/e2eSuite';

// The Functions read the exclusions for every start here (no 30 s cache): each test sets its own.
const e2e = useE2e({ functionsEnv: { EXCLUSIONS_CACHE_SECONDS: '0' } });

describe('configuration', () => {
  it('excluded queue: the call is not recorded and the agent sees which queue excluded it', async () => {
    const alice = await e2e.openAgent();
    await alice.page.getByLabel('Queue').selectOption('Do Not Record');
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    await alice.indicator().filter({ hasText: 'Not recorded: queue Do Not Record is excluded' }).waitFor();
    await alice.screenshot('excluded-queue');
    expect(await e2e.sandbox.recordings()).toEqual([]);
    const [task] = await e2e.sandbox.tasks();
    expect(task.attributes).not.toHaveProperty('conversations');
  });

  it('a plugin whose settings miss the admin’s exclusion (a stale copy) still records nothing: the Function refuses and the agent sees which queue', async () => {
    // The admin's exclusion, as the Functions read it from the Flex Configuration API.
    await e2e.sandbox.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: ['Do Not Record'] } });
    const alice = await e2e.openAgent({
      settings: e2e.settings({ channel: 'customer', exclude_queues: [] }),
    });
    await alice.page.getByLabel('Queue').selectOption('Do Not Record');
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    await alice.indicator().filter({ hasText: 'Not recorded: queue Do Not Record is excluded' }).waitFor();
    await alice.screenshot('excluded-by-the-function');
    expect(await e2e.sandbox.recordings()).toEqual([]);
    const requests = await e2e.sandbox.requests();
    expect(requests.filter((r) => r.api === 'flex')).not.toHaveLength(0);
    expect(requests.filter((r) => r.method === 'POST' && r.path.includes('/Recordings'))).toEqual([]);
  });

  it('invalid plugin settings: recording stays off and every problem is named in a notification', async () => {
    const alice = await e2e.openAgent({ settings: e2e.settings({ channel: 'agent', exclude_queue: ['x'] }) });
    await alice.notifications().filter({ hasText: 'ui_attributes.dual_channel_recording.channel' }).waitFor();
    await expect(alice.notifications().first().textContent()).resolves.toContain('exclude_queue');
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    await alice.indicator().filter({ hasText: 'Not recorded: the recording settings are invalid' }).waitFor();
    await alice.screenshot('misconfigured-settings');
    expect(await e2e.sandbox.recordings()).toEqual([]);
  });

  it('page origin missing from the Functions’ ALLOWED_ORIGINS: the browser blocks the call and the agent is told', async () => {
    // The Functions allow http://127.0.0.1:<port>; the same page on http://localhost:<port> is another origin.
    const localhost = e2e.product.pageUrl.replace('127.0.0.1', 'localhost');
    const alice = await e2e.openAgent({ baseUrl: localhost });
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    // A CORS refusal reaches the page as a network error, which the plugin retries for a live call
    // (8 attempts, full-jitter waits capped at 8 s: at most about 40 s) before it reports the failure.
    await alice
      .indicator()
      .filter({ hasText: 'Recording failed: the recording service could not be reached' })
      .waitFor({ timeout: 60_000 });
    await alice.notifications().filter({ hasText: 'This call is not being recorded' }).waitFor();
    await alice.screenshot('cors-origin-not-allowed');
    expect(await e2e.sandbox.recordings()).toEqual([]);
  }, 90_000);
});
