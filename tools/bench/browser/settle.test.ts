import type { QuietSource } from './settle';
import { waitUntilAccountQuiet } from './settle';

/** A sandbox whose pending events and requests in flight follow a script, one entry per look. */
function scripted(
  looks: ReadonlyArray<{ pending: number; inFlight: number }>,
): QuietSource & { looks: number } {
  const source = {
    looks: 0,
    eventDelivery: async () => {
      const look = looks[Math.min(source.looks, looks.length - 1)];
      return { policy: {} as never, pending: look.pending };
    },
    requestsInFlight: async () => {
      const look = looks[Math.min(source.looks, looks.length - 1)];
      source.looks += 1;
      return Array.from({ length: look.inFlight }, () => ({ method: 'GET', api: 'taskrouter', path: '/x' }));
    },
  };
  return source;
}

describe('waitUntilAccountQuiet', () => {
  it("waits past a quiet moment between the hang-up and the sink's delivery, until it stays quiet", async () => {
    const sandbox = scripted([
      { pending: 0, inFlight: 0 },
      { pending: 2, inFlight: 0 },
      { pending: 1, inFlight: 3 },
      { pending: 0, inFlight: 0 },
    ]);
    const quiet = await waitUntilAccountQuiet(sandbox, { quietMs: 5, pollMs: 2, boundMs: 5_000 });
    expect(quiet).toBe(true);
    // It looked past the first quiet look and the busy ones.
    expect(sandbox.looks).toBeGreaterThan(4);
  });

  it('gives up at the bound and says so when the sink never settles', async () => {
    const sandbox = scripted([{ pending: 1, inFlight: 0 }]);
    await expect(waitUntilAccountQuiet(sandbox, { quietMs: 5, pollMs: 2, boundMs: 20 })).resolves.toBe(false);
  });
});
