import { useE2e } from './harness/e2eSuite';

const e2e = useE2e();

/** Answers the sandbox logged for Twilio requests whose path matches. */
async function statusesOf(path: RegExp): Promise<number[]> {
  return (await e2e.sandbox.requests()).filter((r) => path.test(r.path)).map((r) => r.status);
}

describe('Twilio faults', () => {
  it('a 429 burst on the Recordings API is retried: one recording, and the agent only sees "Recording"', async () => {
    await e2e.sandbox.addFault({
      api: 'api',
      method: 'POST',
      path: '/Recordings\\.json$',
      status: 429,
      times: 2,
    });
    const alice = await e2e.openAgent();
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('fault-429-burst');
    expect(await statusesOf(/\/Calls\/CA\w+\/Recordings\.json$/)).toEqual(
      expect.arrayContaining([429, 429, 201]),
    );
    expect(await e2e.sandbox.recordings()).toHaveLength(1);
    const [task] = await e2e.sandbox.tasks();
    expect(task.attributes).toHaveProperty('conversations.media');
  });

  it('a 503 from TaskRouter on the attributes write is retried: the media entry still lands', async () => {
    await e2e.sandbox.addFault({
      api: 'taskrouter',
      method: 'POST',
      path: '/Tasks/WT',
      status: 503,
      times: 1,
    });
    const alice = await e2e.openAgent();
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('fault-503-taskrouter');
    expect(await statusesOf(/\/Tasks\/WT\w+$/)).toContain(503);
    expect(await e2e.sandbox.recordings()).toHaveLength(1);
    const [task] = await e2e.sandbox.tasks();
    expect(task.attributes).toHaveProperty('conversations.media');
  });

  it('Twilio answering 503 throughout: the agent sees the failure and no recording is left behind', async () => {
    await e2e.sandbox.addFault({ api: 'api', method: 'POST', path: '/Recordings\\.json$', status: 503 });
    const alice = await e2e.openAgent();
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();

    // The plugin keeps trying a live call for about a minute (8 attempts, each up to the Function's
    // 7 s budget, full-jitter waits capped at 8 s), and only then reports the failure.
    await alice
      .indicator()
      .filter({ hasText: /^Recording failed/ })
      .waitFor({ timeout: 130_000 });
    await alice.notifications().filter({ hasText: 'This call is not being recorded' }).waitFor();
    await alice.screenshot('fault-503-persistent');
    expect(await e2e.sandbox.recordings()).toEqual([]);
  }, 150_000);

  it("a page on the plugin's origin can read Retry-After on the Function's 503 (exposed by CORS, or the browser hides it)", async () => {
    await e2e.sandbox.addFault({ api: 'api', method: 'POST', path: '/Recordings\\.json$', status: 503 });
    const alice = await e2e.openAgent();
    const worker = await e2e.sandbox.createWorker({ identity: 'carol' });
    const call = await e2e.sandbox.inboundCall({ workerSid: worker.workerSid });
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
        url: `${e2e.product.stack.functionsUrl}/create-recording`,
        body: JSON.stringify({
          Token: worker.token,
          taskSid: call.taskSid,
          reservationSid: call.reservationSid,
          callSid: call.customerCallSid,
          channel: 'customer',
        }),
      },
    );
    expect(answer).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });
  }, 30_000);
});
