import type { Exclusion } from './exclusions';
import type { CallKind } from './legs';
import type { RecordingChannel } from './types';

/** Why a call is deliberately not recorded. */
export type NotRecordedReason =
  | { readonly kind: 'excluded'; readonly exclusion: Exclusion }
  | { readonly kind: 'call_ended' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'config_invalid' }
  | { readonly kind: 'internal_inbound' };

/** Why starting a recording failed. */
export type FailureReason =
  | { readonly kind: 'leg_timeout'; readonly seconds: number }
  | { readonly kind: 'function'; readonly status: number; readonly code: string; readonly message: string }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'no_token' }
  | { readonly kind: 'unexpected'; readonly message: string };

/** The recording state of one reservation, as the indicator shows it. */
export type RecordingState =
  | { readonly status: 'waiting_for_leg'; readonly callKind: CallKind }
  | { readonly status: 'starting'; readonly callSid: string }
  | {
      readonly status: 'recording';
      readonly recordingSid: string;
      readonly callSid: string;
      readonly channel: RecordingChannel;
      readonly alreadyRecording: boolean;
    }
  | { readonly status: 'not_recorded'; readonly reason: NotRecordedReason }
  | { readonly status: 'failed'; readonly reason: FailureReason };

/** Called with the reservation SID whose state changed. */
export type RecordingStoreListener = (reservationSid: string) => void;

/**
 * Per-reservation recording state, observable without Redux. Keyed by reservation SID (WR...) so
 * each agent on a transferred task has its own entry; later features (pause/resume, state read from
 * task attributes) add statuses here.
 */
export interface RecordingStore {
  get(reservationSid: string): RecordingState | undefined;
  set(reservationSid: string, state: RecordingState): void;
  delete(reservationSid: string): void;
  subscribe(listener: RecordingStoreListener): () => void;
}

/** Creates an empty recording store. */
export function createRecordingStore(): RecordingStore {
  const states = new Map<string, RecordingState>();
  const listeners = new Set<RecordingStoreListener>();
  const emit = (reservationSid: string): void => {
    // Copy: a listener may unsubscribe while we iterate.
    [...listeners].forEach((listener) => listener(reservationSid));
  };
  return {
    get: (reservationSid) => states.get(reservationSid),
    set(reservationSid, state) {
      states.set(reservationSid, state);
      emit(reservationSid);
    },
    delete(reservationSid) {
      if (states.delete(reservationSid)) emit(reservationSid);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
