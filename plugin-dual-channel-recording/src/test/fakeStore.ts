import type { SubscribableStore } from '../recording/types';

/** A Redux-like store for tests: `set` replaces the state and notifies subscribers. */
export interface FakeStore<S> extends SubscribableStore<S> {
  set(next: S): void;
  update(change: (state: S) => S): void;
  readonly listenerCount: number;
}

/** Creates a FakeStore holding `initial`. */
export function createFakeStore<S>(initial: S): FakeStore<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  const store: FakeStore<S> = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    set(next) {
      state = next;
      [...listeners].forEach((listener) => listener());
    },
    update(change) {
      store.set(change(state));
    },
    get listenerCount() {
      return listeners.size;
    },
  };
  return store;
}
