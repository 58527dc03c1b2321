import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import { expect, test } from './fixtures';

/** Answers the sandbox logged for Twilio requests whose path matches. */
async function statusesOf(sandbox: SandboxClient, path: RegExp): Promise<number[]> {
  return (await sandbox.requests()).filter((r) => path.test(r.path)).map((r) => r.status);
}

test.describe('Twilio faults', () => {
  test('a 429 burst on the Recordings API is retried: one recording, and the agent only sees "Recording"', async ({
    call,
    sandbox,
  }) => {
    await sandbox.addFault({
      api: 'api',
      method: 'POST',
      path: '/Recordings\\.json$',
      status: 429,
      times: 2,
    });
    const { page: alice, taskSid } = await call();

    await alice.screenshot('fault-429-burst');
    expect(await statusesOf(sandbox, /\/Calls\/CA\w+\/Recordings\.json$/)).toEqual(
      expect.arrayContaining([429, 429, 201]),
    );
    expect(await sandbox.recordings()).toHaveLength(1);
    expect((await sandbox.task(taskSid)).attributes).toHaveProperty('conversations.media');
  });

  test('a 503 from TaskRouter on the attributes write is retried: the media entry still lands', async ({
    call,
    sandbox,
  }) => {
    await sandbox.addFault({ api: 'taskrouter', method: 'POST', path: '/Tasks/WT', status: 503, times: 1 });
    const { page: alice, taskSid } = await call();

    await alice.screenshot('fault-503-taskrouter');
    expect(await statusesOf(sandbox, /\/Tasks\/WT\w+$/)).toContain(503);
    expect(await sandbox.recordings()).toHaveLength(1);
    expect((await sandbox.task(taskSid)).attributes).toHaveProperty('conversations.media');
  });

  test('Twilio answering 503 throughout: the agent sees the failure and no recording is left behind', async ({
    call,
    sandbox,
  }) => {
    test.setTimeout(150_000);
    await sandbox.addFault({ api: 'api', method: 'POST', path: '/Recordings\\.json$', status: 503 });
    const { page: alice } = await call({ until: 'accepted' });

    // The plugin keeps trying a live call for a minute (its window, src/services/retry.ts; each attempt
    // up to the Function's 9.5 s), and only then reports the failure.
    await alice
      .indicator()
      .filter({ hasText: /^Recording failed/ })
      .waitFor({ timeout: 130_000 });
    await alice.notifications().filter({ hasText: 'This call is not being recorded' }).waitFor();
    await alice.screenshot('fault-503-persistent');
    expect(await sandbox.recordings()).toEqual([]);
  });

  test("a page on the plugin's origin can read Retry-After on the Function's 503 (exposed by CORS, or the browser hides it)", async ({
    openAgent,
    sandbox,
    product,
  }) => {
    await sandbox.addFault({ api: 'api', method: 'POST', path: '/Recordings\\.json$', status: 503 });
    const alice = await openAgent();
    const worker = await sandbox.createWorker({ identity: 'carol' });
    const inbound = await sandbox.inboundCall({ workerSid: worker.workerSid });
    const answer = await alice.page.evaluate(
      async ({ url, body }) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        return { status: res.status, retryAfter: res.headers.get('Retry-After') };
      },
      {
        url: `${product.stack.functionsUrl}/create-recording`,
        body: JSON.stringify({
          Token: worker.token,
          taskSid: inbound.taskSid,
          reservationSid: inbound.reservationSid,
          callSid: inbound.customerCallSid,
          channel: 'customer',
        }),
      },
    );
    expect(answer).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
  });
});
