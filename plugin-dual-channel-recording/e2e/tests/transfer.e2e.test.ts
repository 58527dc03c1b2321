import { useE2e } from './harness/e2eSuite';

const e2e = useE2e();

describe('inbound call, worker channel, warm transfer', () => {
  it('records each agent’s own leg: two recordings, one under each reservation', async () => {
    const settings = e2e.settings({ channel: 'worker' });
    const alice = await e2e.openAgent({ agent: 'alice', settings });
    const bob = await e2e.openAgent({ agent: 'bob', settings });

    await alice.button('Incoming call').click();
    await alice.button('Accept').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    const aliceReservation = await alice.reservationSid();

    await alice.page.getByLabel('Transfer to').selectOption('bob');
    await alice.button('Transfer').click();
    await bob.button('Accept').click();
    await bob
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    const bobReservation = await bob.reservationSid();
    await alice.screenshot('transfer-worker-alice');
    await bob.screenshot('transfer-worker-bob');

    // Alice leaves the call to Bob (warm transfer): the customer stays on with him.
    await alice.button('Hang up').click();
    await alice.button('Complete').click();
    await bob.button('Hang up').click();
    await bob.button('Complete').click();

    const calls = await e2e.sandbox.calls();
    const workerLegs = calls.filter((c) => c.role === 'worker').map((c) => c.sid);
    const recordings = await e2e.sandbox.recordings();
    expect(recordings).toHaveLength(2);
    expect(recordings.map((r) => r.callSid).sort()).toEqual([...workerLegs].sort());
    expect(recordings.every((r) => r.channels === 2 && r.status === 'completed')).toBe(true);

    const [task] = await e2e.sandbox.tasks();
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
