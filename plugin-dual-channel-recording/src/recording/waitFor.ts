import { AbortError, WaitTimeoutError } from './errors';
import type { SubscribableStore } from './types';

/** Options for one bounded, cancellable wait. */
export interface WaitOptions {
  /** Give up (reject with WaitTimeoutError) after this many milliseconds; `Infinity`: wait until aborted. */
  readonly timeoutMs: number;
  /** Reject with AbortError as soon as this signal aborts. */
  readonly signal?: AbortSignal;
}

/** Waits until `selector(state)` returns something other than undefined. */
export type WaitFor<S> = <T>(selector: (state: S) => T | undefined, options: WaitOptions) => Promise<T>;

/**
 * Binds `waitFor` to a store. The selector runs once now and then on every store change (no timer
 * polls anything); the wait ends on the first defined value, on timeout, or on abort, and always
 * unsubscribes and clears its timer.
 */
export function createWaitFor<S>(store: SubscribableStore<S>): WaitFor<S> {
  return <T>(selector: (state: S) => T | undefined, { timeoutMs, signal }: WaitOptions): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError(signal.reason));
        return;
      }
      let settled = false;
      const cleanups: Array<() => void> = [];
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        cleanups.forEach((cleanup) => cleanup());
        settle();
      };
      const onAbort = (): void => finish(() => reject(new AbortError(signal?.reason)));
      const check = (): void => {
        if (settled) return;
        let value: T | undefined;
        try {
          value = selector(store.getState());
        } catch (error) {
          finish(() => reject(error));
          return;
        }
        if (value !== undefined) {
          const found = value;
          finish(() => resolve(found));
        }
      };

      signal?.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal?.removeEventListener('abort', onAbort));
      if (Number.isFinite(timeoutMs)) {
        const timer = setTimeout(() => finish(() => reject(new WaitTimeoutError(timeoutMs))), timeoutMs);
        cleanups.push(() => clearTimeout(timer));
      }
      cleanups.push(store.subscribe(check));
      check();
    });
}
