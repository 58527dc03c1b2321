import { expect, test } from './fixtures';

test.describe('inbound call, worker channel, warm transfer', () => {
  test('records each agent’s own leg: two recordings, one under each reservation', async ({
    openAgent,
    settings,
    call,
    sandbox,
  }) => {
    const workerChannel = settings({ channel: 'worker' });
    const alice = await openAgent({ agent: 'alice', settings: workerChannel });
    const bob = await openAgent({ agent: 'bob', settings: workerChannel });

    const { reservationSid: aliceReservation } = await call({ page: alice });
    await alice.page.getByLabel('Transfer to').selectOption('bob');
    await alice.button('Transfer').click();
    await bob.accept();
    await bob
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    const bobReservation = await bob.reservationSid();
    await alice.screenshot('transfer-worker-alice');
    await bob.screenshot('transfer-worker-bob');

    // Alice leaves the call to Bob (warm transfer): the customer stays on with him.
    await alice.hangUp();
    await alice.complete();
    await bob.hangUp();
    await bob.complete();
    await bob.noTasks();

    const calls = await sandbox.calls();
    const workerLegs = calls.filter((c) => c.role === 'worker').map((c) => c.sid);
    const recordings = await sandbox.recordings();
    expect(recordings).toHaveLength(2);
    expect(recordings.map((r) => r.callSid).sort()).toEqual([...workerLegs].sort());
    expect(recordings.every((r) => r.channels === 2 && r.status === 'completed')).toBe(true);

    const [task] = await sandbox.tasks();
    const perReservation = task.attributes.reservation_attributes as Record<
      string,
      { media?: { url: string }[] }
    >;
    const urlOf = (reservationSid: string): string | undefined =>
      perReservation[reservationSid]?.media?.[0]?.url;
    const aliceRecording = recordings.find((r) => urlOf(aliceReservation)?.includes(r.sid));
    const bobRecording = recordings.find((r) => urlOf(bobReservation)?.includes(r.sid));
    expect(aliceRecording).toBeDefined();
    expect(bobRecording).toBeDefined();
    expect(aliceRecording?.sid).not.toBe(bobRecording?.sid);
  });
});

test.describe('inbound call, customer channel, warm transfer', () => {
  test('the second agent asks nothing: the task already names the customer leg’s running recording, and Bob sees it continued', async ({
    openAgent,
    settings,
    call,
    sandbox,
    product,
  }) => {
    const customerChannel = settings({ channel: 'customer' });
    const alice = await openAgent({ agent: 'alice', settings: customerChannel });
    const bob = await openAgent({ agent: 'bob', settings: customerChannel });
    const bobAsks = bob.requestsTo(`${product.stack.functionsUrl}/create-recording`);

    const { recordingSid } = await call({ page: alice });
    await alice.page.getByLabel('Transfer to').selectOption('bob');
    await alice.button('Transfer').click();
    await bob.accept();
    await bob
      .indicator()
      .filter({ hasText: /^Recording \(continued from earlier in the call\)$/ })
      .waitFor();
    await bob.screenshot('transfer-customer-bob');
    expect(bobAsks).toEqual([]);
    // Bob's canvas is about the one recording Alice's start created, and his Pause reaches it.
    expect(await bob.indicator().getAttribute('data-status')).toBe('recording');
    await bob.button('Pause recording').click();
    await bob.indicator().filter({ hasText: 'Recording paused' }).waitFor();
    expect((await sandbox.recordings()).map((r) => [r.sid, r.status])).toEqual([[recordingSid, 'paused']]);

    await alice.hangUp();
    await alice.complete();
    await bob.hangUp();
    await bob.complete();
    await bob.noTasks();
    expect(bobAsks).toEqual([]);
    const recordings = await sandbox.recordings();
    expect(recordings.map((r) => r.sid)).toEqual([recordingSid]);
  });
});
