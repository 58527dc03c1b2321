import { expect, test } from './fixtures';

test.describe('outbound and internal calls', () => {
  test('outbound answered: nothing while the customer rings (reservation pending), then their leg is recorded', async ({
    openAgent,
    sandbox,
  }) => {
    const alice = await openAgent();
    await alice.button('Outbound call').click();
    // Flex's own "connecting" canvas: the reservation is still pending, so the plugin has nothing to do.
    await alice.page.locator('article[data-status="pending"]').waitFor();
    await alice.button('Customer answers').waitFor();
    await alice.page.waitForTimeout(1000);
    await expect(alice.indicator()).toHaveCount(0);
    expect(await sandbox.recordings()).toEqual([]);

    await alice.button('Customer answers').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('outbound-answered');
    const customer = (await sandbox.calls()).find((c) => c.role === 'customer');
    expect(await sandbox.recordings()).toEqual([
      expect.objectContaining({ callSid: customer?.sid, channels: 2, status: 'in-progress' }),
    ]);
  });

  test("outbound answered, worker channel: the request names the customer's call as Flex knows it (customerCallSid), and the task ends with call_sid filled", async ({
    openAgent,
    settings,
    sandbox,
    product,
  }) => {
    const alice = await openAgent({ settings: settings({ channel: 'worker' }) });
    const asked = alice.postedTo(`${product.stack.functionsUrl}/create-recording`);
    await alice.button('Outbound call').click();
    await alice.button('Customer answers').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();

    const calls = await sandbox.calls();
    const customer = calls.find((c) => c.role === 'customer');
    const agentLeg = calls.find((c) => c.role === 'worker');
    expect(customer).toBeDefined();
    // The task had no call_sid when Alice's plugin asked (a Flex-initiated outbound call).
    expect(asked).toEqual([
      expect.objectContaining({
        callSid: agentLeg?.sid,
        channel: 'worker',
        customerCallSid: customer?.sid,
        attempt: 1,
      }),
    ]);
    expect(await sandbox.recordings()).toEqual([expect.objectContaining({ callSid: agentLeg?.sid })]);
    const [task] = await sandbox.tasks();
    expect(task.attributes.call_sid).toBe(customer?.sid);
  });

  test('outbound not answered: the agent hangs up while it rings, the attempt is canceled and the task is never written', async ({
    openAgent,
    sandbox,
    product,
  }) => {
    const alice = await openAgent();
    const functionCalls = alice.requestsTo(product.stack.functionsUrl);
    await alice.button('Outbound call').click();
    await alice.button('Customer answers').waitFor();
    // Flex's hang-up in its connecting canvas (HangupCall on the pending outbound task).
    await alice.hangUp();

    await alice.noTasks();
    await alice.screenshot('outbound-not-answered');
    expect(await sandbox.recordings()).toEqual([]);
    const [task] = await sandbox.tasks();
    expect(task.assignmentStatus).toBe('canceled');
    expect(task.history.filter((h) => h.by === 'api')).toEqual([]);
    expect(functionCalls).toEqual([]);
  });

  test('internal call: the calling agent records their outbound client leg; the callee side does not', async ({
    openAgent,
    sandbox,
  }) => {
    const alice = await openAgent({ agent: 'alice' });
    await alice.page.getByLabel('Other agent').selectOption('bob');
    await alice.button('Call agent').click();

    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await alice.screenshot('internal-call');
    const callerLeg = (await sandbox.calls()).find((c) => c.role === 'worker' && c.to === 'client:alice');
    expect(await sandbox.recordings()).toEqual([
      expect.objectContaining({ callSid: callerLeg?.sid, channels: 2 }),
    ]);
  });
});
