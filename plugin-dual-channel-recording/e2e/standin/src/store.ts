import type { StandInState, StandInStore } from './flexSurface.js';

/** The stand-in's Redux-like store: Flex's `manager.store`, plus the `update` only the stand-in calls. */
export interface MutableStore extends StandInStore {
  /** Replaces the state with `change(state)` and notifies subscribers (as a Redux dispatch would). */
  update(change: (state: StandInState) => StandInState): void;
}

/** Creates the store with an empty worker for the given session. */
export function createStore(initial: StandInState): MutableStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    update(change) {
      state = change(state);
      // Copy: a listener (the plugin's waitFor) may unsubscribe while we iterate.
      [...listeners].forEach((listener) => listener());
    },
  };
}
