import type { ControlAction } from '@dual-channel-recording/contract';
import type { SetRecordingPaused } from '../api/contract';
import { toFailureReason } from './recorder';
import type { FailureReason, RecordingStore } from './recordingStore';
import { isPausable } from './recordingStore';

/** A pause or resume the server refused or that never reached it. */
export interface PauseNotice {
  readonly kind: 'pause_failed';
  readonly action: ControlAction;
  readonly reservationSid: string;
  readonly reason: FailureReason;
}

/** Everything the controller needs; the Flex wiring provides the real ones. */
export interface PauseControllerDeps {
  readonly store: RecordingStore;
  /** Absent when recording is off or the config is invalid (nothing to pause). */
  readonly setPaused: SetRecordingPaused | undefined;
  /** The task SID (WT...) of a reservation, while Flex still has it. */
  readonly taskSidOf: (reservationSid: string) => string | undefined;
  /** The task's conference SID (CF...) as Flex knows it; sent so the Function saves a round. */
  readonly conferenceSidOf?: (reservationSid: string) => string | undefined;
  readonly notify: (notice: PauseNotice) => void;
  readonly log: Pick<Console, 'info' | 'error'>;
}

/** Pauses and resumes the recording of a reservation; every method resolves, never rejects. */
export interface PauseController {
  pause(reservationSid: string): Promise<void>;
  resume(reservationSid: string): Promise<void>;
  /** Pauses a running recording, resumes a paused one. */
  toggle(reservationSid: string): Promise<void>;
}

/**
 * Creates the controller. It asks the Function and writes the answer into the store (no optimistic
 * update): while a request is in flight the state carries `pending` and a second request for the same
 * reservation is ignored. Asking for the state the recording is already in sends nothing.
 */
export function createPauseController(deps: PauseControllerDeps): PauseController {
  const { store, log } = deps;
  const tag = '[dual-channel-recording]';

  const run = async (reservationSid: string, action: ControlAction): Promise<void> => {
    const state = store.get(reservationSid);
    if (!isPausable(state) || state.pending !== undefined || deps.setPaused === undefined) return;
    if ((state.status === 'paused') === (action === 'pause')) return;
    const taskSid = deps.taskSidOf(reservationSid);
    if (taskSid === undefined) return;

    store.set(reservationSid, { ...state, pending: action });
    /** Clears `pending` on whatever the state is now (the attributes may have moved it on). */
    const settle = (status?: 'recording' | 'paused', recordingSid?: string): void => {
      const now = store.get(reservationSid);
      // Removed (task completed) or finished (completed, absent) meanwhile: nothing to write.
      if (!isPausable(now)) return;
      const { pending: _pending, ...rest } = now;
      store.set(reservationSid, {
        ...rest,
        status: status ?? rest.status,
        recordingSid: recordingSid ?? rest.recordingSid,
      });
    };
    try {
      const conferenceSid = deps.conferenceSidOf?.(reservationSid);
      const result = await deps.setPaused(action, {
        taskSid,
        reservationSid,
        callSid: state.callSid,
        ...(conferenceSid ? { conferenceSid } : {}),
      });
      settle(result.status === 'paused' ? 'paused' : 'recording', result.recordingSid);
      if (!result.changed) log.info(`${tag} ${reservationSid}: recording already ${result.status}`);
    } catch (error) {
      settle();
      log.error(`${tag} ${reservationSid}: could not ${action} the recording`, error);
      deps.notify({ kind: 'pause_failed', action, reservationSid, reason: toFailureReason(error) });
    }
  };

  return {
    pause: (reservationSid) => run(reservationSid, 'pause'),
    resume: (reservationSid) => run(reservationSid, 'resume'),
    toggle(reservationSid) {
      const state = store.get(reservationSid);
      if (!isPausable(state)) return Promise.resolve();
      return run(reservationSid, state.status === 'paused' ? 'resume' : 'pause');
    },
  };
}

/**
 * The reservation a keyboard shortcut acts on: the selected task when its recording can be paused or
 * resumed, else the only such reservation; none when it is ambiguous or there is nothing to pause.
 */
export function shortcutTarget(store: RecordingStore, selectedReservationSid?: string): string | undefined {
  if (selectedReservationSid !== undefined && isPausable(store.get(selectedReservationSid))) {
    return selectedReservationSid;
  }
  const candidates = store.sids().filter((sid) => isPausable(store.get(sid)));
  return candidates.length === 1 ? candidates[0] : undefined;
}
