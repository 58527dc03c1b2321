import { useE2e } from './harness/e2eSuite';

const e2e = useE2e();

describe('outbound and internal calls', () => {
  it('outbound answered: waits for the customer, then records their leg', async () => {
    const alice = await e2e.openAgent();
    await alice.button('Outbound call').click();
    await alice.indicator().filter({ hasText: 'Recording starts when the call connects' }).waitFor();
    expect(await e2e.sandbox.recordings()).toEqual([]);

    await alice.button('Customer answers').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('outbound-answered');
    const customer = (await e2e.sandbox.calls()).find((c) => c.role === 'customer');
    expect(await e2e.sandbox.recordings()).toEqual([
      expect.objectContaining({ callSid: customer?.sid, channels: 2, status: 'in-progress' }),
    ]);
  });

  it('outbound not answered: the agent gives up, nothing is recorded and the task is never written', async () => {
    const alice = await e2e.openAgent();
    await alice.button('Outbound call').click();
    await alice.indicator().filter({ hasText: 'Recording starts when the call connects' }).waitFor();
    await alice.button('Hang up').click();

    await alice.indicator().filter({ hasText: 'Not recorded: the call ended first' }).waitFor();
    await alice.screenshot('outbound-not-answered');
    expect(await e2e.sandbox.recordings()).toEqual([]);
    const [task] = await e2e.sandbox.tasks();
    expect(task.history.filter((h) => h.by === 'api')).toEqual([]);
  });

  it('internal call: the calling agent records their outbound client leg; the callee side does not', async () => {
    const alice = await e2e.openAgent({ agent: 'alice' });
    await alice.page.getByLabel('Other agent').selectOption('bob');
    await alice.button('Call agent').click();

    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('internal-call');
    const callerLeg = (await e2e.sandbox.calls()).find((c) => c.role === 'worker' && c.to === 'client:alice');
    expect(await e2e.sandbox.recordings()).toEqual([
      expect.objectContaining({ callSid: callerLeg?.sid, channels: 2 }),
    ]);
  });
});
