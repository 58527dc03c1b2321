import { expect, test } from './fixtures';

/*
 * Flex's Join Call with the worker channel, as Twilio carries it out (TaskRouterModel `joinCall` in the
 * Flex 2.17.1 bundle): a new agent leg of the same worker joins the conference on the same reservation,
 * then the worker's old leg is removed. The sandbox's controls do the same two steps.
 */
test.describe('inbound call, worker channel, Join Call', () => {
  test('the new leg is recorded too, both recordings are under the reservation’s media, and the indicator says "Recording"', async ({
    openAgent,
    settings,
    call,
    sandbox,
    product,
  }) => {
    const alice = await openAgent({ agent: 'alice', settings: settings({ channel: 'worker' }) });
    const { taskSid, reservationSid, recordingSid: firstRecording } = await call({ page: alice });
    const oldLeg = (await sandbox.calls()).find((c) => c.role === 'worker' && c.status === 'in-progress');
    const workerSid = (await sandbox.state()).reservations.find((r) => r.sid === reservationSid)?.workerSid;
    if (!oldLeg || !workerSid || !firstRecording) throw new Error('no recorded worker leg to move');

    const { workerCallSid: newLeg } = await sandbox.joinWorker(taskSid, workerSid);
    await sandbox.hangup(oldLeg.sid);

    // The plugin asks for the new leg's recording; the old one completes with its leg.
    await expect
      .poll(async () => (await sandbox.recordings()).map((r) => [r.callSid, r.status]))
      .toEqual([
        [oldLeg.sid, 'completed'],
        [newLeg, 'in-progress'],
      ]);
    // Once the page holds the old recording's completion, it still says "Recording" (not "complete").
    await alice.caughtUp(() => product.page.notifyPages());
    await expect(alice.indicator()).toHaveText(/^Recording$/);
    await alice.screenshot('join-call-worker-channel');

    const recordings = await sandbox.recordings();
    const task = await sandbox.task(taskSid);
    const perReservation = task.attributes.reservation_attributes as Record<
      string,
      { media?: { url: string }[] }
    >;
    const urls = (perReservation[reservationSid]?.media ?? []).map((m) => m.url);
    for (const recording of recordings) {
      expect(urls.some((url) => url.includes(recording.sid))).toBe(true);
    }

    // The customer hangs up: the conference ends, the new leg with it, and the agent wraps up.
    await product.page.actions.customerHangup(taskSid);
    await alice.complete();
    await alice.noTasks();
  });
});
