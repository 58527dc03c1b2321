import { createFakeStore } from '../test/fakeStore';
import { AbortError, WaitTimeoutError } from './errors';
import { createWaitFor } from './waitFor';

describe('waitFor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves at once when the selector already has a value', async () => {
    const store = createFakeStore({ n: 3 });
    await expect(createWaitFor(store)((s) => s.n, { timeoutMs: 1000 })).resolves.toBe(3);
    expect(store.listenerCount).toBe(0);
  });

  it('resolves on the first store change that yields a value, and unsubscribes', async () => {
    const store = createFakeStore<{ sid?: string }>({});
    const result = createWaitFor(store)((s) => s.sid, { timeoutMs: 1000 });
    expect(store.listenerCount).toBe(1);
    store.set({});
    store.set({ sid: 'CA1' });
    store.set({ sid: 'CA2' });
    await expect(result).resolves.toBe('CA1');
    expect(store.listenerCount).toBe(0);
  });

  it('treats falsy values other than undefined as found', async () => {
    const store = createFakeStore<{ v?: number }>({});
    const result = createWaitFor(store)((s) => s.v, { timeoutMs: 1000 });
    store.set({ v: 0 });
    await expect(result).resolves.toBe(0);
  });

  it('rejects with WaitTimeoutError after timeoutMs without a value, and unsubscribes', async () => {
    const store = createFakeStore<{ sid?: string }>({});
    const result = createWaitFor(store)((s) => s.sid, { timeoutMs: 5000 });
    jest.advanceTimersByTime(4999);
    store.set({});
    jest.advanceTimersByTime(1);
    await expect(result).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(result).rejects.toMatchObject({ name: 'WaitTimeoutError', timeoutMs: 5000 });
    expect(store.listenerCount).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with AbortError when the signal aborts mid-wait, and clears its timer', async () => {
    const store = createFakeStore<{ sid?: string }>({});
    const controller = new AbortController();
    const result = createWaitFor(store)((s) => s.sid, { timeoutMs: 5000, signal: controller.signal });
    controller.abort('task ended');
    await expect(result).rejects.toBeInstanceOf(AbortError);
    await expect(result).rejects.toMatchObject({ name: 'AbortError', reason: 'task ended' });
    expect(store.listenerCount).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    store.set({ sid: 'CA1' }); // a late value changes nothing
  });

  it('rejects at once when the signal is already aborted', async () => {
    const store = createFakeStore({ sid: 'CA1' });
    const controller = new AbortController();
    controller.abort();
    await expect(
      createWaitFor(store)((s) => s.sid, { timeoutMs: 10, signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(store.listenerCount).toBe(0);
  });

  it('rejects with the selector error when the selector throws', async () => {
    const store = createFakeStore({});
    const boom = new Error('boom');
    const result = createWaitFor(store)(
      () => {
        throw boom;
      },
      { timeoutMs: 10 },
    );
    await expect(result).rejects.toBe(boom);
    expect(store.listenerCount).toBe(0);
  });
});
