import type { Exclusion } from '@dual-channel-recording/contract';
import type { CallKind } from './legs';
import type { ControlAction } from '@dual-channel-recording/contract';
import type { RecordingChannel, StopReason } from '@dual-channel-recording/contract';
import type { FunctionErrorCode } from '../api/errors';

/** Why a call is deliberately not recorded. */
export type NotRecordedReason =
  | { readonly kind: 'excluded'; readonly exclusion: Exclusion }
  | { readonly kind: 'call_ended' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'config_invalid' }
  | { readonly kind: 'internal_inbound' }
  /** Twilio finished the recording with nothing in it (status callback `absent`). */
  | { readonly kind: 'absent'; readonly recordingSid: string; readonly errorCode?: number };

/** Why starting a recording failed. */
export type FailureReason =
  | { readonly kind: 'leg_timeout'; readonly seconds: number }
  | {
      readonly kind: 'function';
      readonly status: number;
      readonly code: FunctionErrorCode;
      readonly message: string;
    }
  | { readonly kind: 'network'; readonly message: string }
  | { readonly kind: 'no_token' }
  | { readonly kind: 'unexpected'; readonly message: string };

/** A recording that exists and runs (or is paused) on a live leg. */
export interface ActiveRecording {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
  /** The recording was started earlier in the call, by another reservation (a transfer). */
  readonly alreadyRecording: boolean;
  /** A pause or resume request is in flight: the button is disabled until it answers. */
  readonly pending?: ControlAction;
  /** The consent announcement failed (the admin chose to keep recording): the agent must know. */
  readonly consentFailed?: boolean;
}

/** The recording state of one reservation, as the indicator and the pause button show it. */
export type RecordingState =
  | { readonly status: 'waiting_for_leg'; readonly callKind: CallKind }
  | { readonly status: 'starting'; readonly callSid: string }
  | ({ readonly status: 'recording' } & ActiveRecording)
  | ({ readonly status: 'paused' } & ActiveRecording)
  | {
      readonly status: 'completed';
      readonly recordingSid: string;
      readonly callSid: string;
      readonly channel: RecordingChannel;
      readonly durationSeconds?: number;
      /** The Functions stopped it: the consent announcement failed, or the last agent left. */
      readonly stoppedBy?: StopReason;
    }
  | { readonly status: 'not_recorded'; readonly reason: NotRecordedReason }
  | { readonly status: 'failed'; readonly reason: FailureReason };

/** A state with a recording that can be paused or resumed. */
export type PausableState = Extract<RecordingState, { status: 'recording' | 'paused' }>;

/** True when there is something to pause or resume: a running or paused recording. */
export function isPausable(state: RecordingState | undefined): state is PausableState {
  return state?.status === 'recording' || state?.status === 'paused';
}

/** Called with the reservation SID whose state changed. */
export type RecordingStoreListener = (reservationSid: string) => void;

/**
 * Per-reservation recording state, observable without Redux. Keyed by reservation SID (WR...) so
 * each agent on a transferred task has its own entry. The recorder, the pause controller and the
 * task-attribute sync write it; the indicator, the pause button and the shortcuts only read it.
 */
export interface RecordingStore {
  get(reservationSid: string): RecordingState | undefined;
  /** Every reservation SID with a state, in insertion order. */
  sids(): string[];
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
    sids: () => [...states.keys()],
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
