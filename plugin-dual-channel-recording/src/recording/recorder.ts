import type { ConfigResult } from '../config/recordingConfig';
import type { CreateRecording } from '../api/contract';
import { FunctionError, MissingTokenError, NetworkError } from '../api/errors';
import { WaitTimeoutError, isAbortError } from './errors';
import { findExclusion } from '@dual-channel-recording/contract';
import { callHeldHere, classifyCall, selectLeg, selectRejoinedLeg } from './legs';
import type { LegDecision } from './legs';
import { deriveRecordingState, ownRunningRecording, runningCustomerRecording } from './taskAttributes';
import type { FailureReason, RecordingState, RecordingStore } from './recordingStore';
import type { CallSnapshot, CallTaskTest, TaskLike } from './types';
import type { WaitFor } from './waitFor';

/** Something the agent should be told outside the call canvas. */
export type RecorderNotice =
  | { readonly kind: 'failed'; readonly reservationSid: string; readonly reason: FailureReason }
  | { readonly kind: 'call_ended'; readonly reservationSid: string };

/** Everything the recorder needs; the Flex wiring provides the real ones. */
export interface RecorderDeps<S> {
  readonly config: ConfigResult;
  /** Flex's call test; tasks that are no call are ignored (no state, no wait). */
  readonly isCallTask: CallTaskTest;
  readonly waitFor: WaitFor<S>;
  /** Reads the current task, conference and active call for `task` out of a state snapshot. */
  readonly snapshot: (state: S, task: TaskLike) => CallSnapshot;
  /** Absent when the config is invalid or disabled (there is no URL to call). */
  readonly createRecording: CreateRecording | undefined;
  readonly store: RecordingStore;
  readonly notify: (notice: RecorderNotice) => void;
  readonly log: Pick<Console, 'info' | 'warn' | 'error'>;
}

/** What the log says when the leg was recorded before this reservation asked, by who asked. */
const ALREADY_RECORDED = {
  another_tab: 'recorded by another tab of this agent',
  transfer: 'the customer leg is already recorded (a transfer); not asked again',
} as const;

/** A live leg to record. */
type Leg = Extract<LegDecision, { kind: 'leg' }>;

/** What the wait for the leg ends with. */
type WaitOutcome =
  | LegDecision
  | {
      readonly kind: 'already_recorded';
      readonly state: RecordingState;
      /** Who asked for it: another tab of this agent, or the agent before a transfer. */
      readonly by: keyof typeof ALREADY_RECORDED;
    }
  | { readonly kind: 'held_elsewhere' };

/** Drives one recording per accepted voice reservation. */
export interface Recorder {
  /** Runs the whole flow for an accepted task; never rejects (outcomes land in the store). */
  onTaskAccepted(task: TaskLike): Promise<void>;
  /** The call is over for this reservation (wrap-up, hang-up): stop waiting for its leg. */
  onTaskEnded(reservationSid: string): void;
  /** The reservation is gone (completed, canceled, rescinded): stop and forget its state. */
  onTaskRemoved(reservationSid: string): void;
}

/** Maps whatever the Function client threw to a reason the UI can show. */
export function toFailureReason(error: unknown): FailureReason {
  if (error instanceof FunctionError) {
    return { kind: 'function', status: error.status, code: error.code, message: error.message };
  }
  if (error instanceof NetworkError) return { kind: 'network', message: error.message };
  if (error instanceof MissingTokenError) return { kind: 'no_token' };
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

/** Creates the recorder: exclusions, then an event-driven wait for the leg, then the Function call. */
export function createRecorder<S>(deps: RecorderDeps<S>): Recorder {
  const { config, store, log } = deps;
  const flows = new Map<string, AbortController>();
  const tag = '[dual-channel-recording]';

  const run = async (task: TaskLike, controller: AbortController): Promise<void> => {
    const reservationSid = task.sid;
    // Late results of a flow whose reservation was removed must not resurrect its state.
    const update = (state: RecordingState): void => {
      if (flows.get(reservationSid) === controller) store.set(reservationSid, state);
    };
    const fail = (reason: FailureReason): void => {
      update({ status: 'failed', reason });
      deps.notify({ kind: 'failed', reservationSid, reason });
    };
    /**
     * The call ended first. A tab that waited on another session holding the call says so without a
     * notification: that session tells the agent.
     */
    let waitingOnOtherSession = false;
    const callEnded = (): void => {
      log.info(`${tag} ${reservationSid}: the call ended before its leg could be recorded`);
      update({ status: 'not_recorded', reason: { kind: 'call_ended' } });
      if (!waitingOnOtherSession) deps.notify({ kind: 'call_ended', reservationSid });
    };

    if (!config.ok) {
      update({ status: 'not_recorded', reason: { kind: 'config_invalid' } });
      return;
    }
    const { channel, waitTimeoutMs } = config.config;
    const { createRecording } = deps;
    if (!config.config.enabled || createRecording === undefined) {
      update({ status: 'not_recorded', reason: { kind: 'disabled' } });
      return;
    }
    const exclusion = findExclusion(task, config.config);
    if (exclusion) {
      log.info(`${tag} ${reservationSid}: not recorded, excluded`, exclusion);
      update({ status: 'not_recorded', reason: { kind: 'excluded', exclusion } });
      return;
    }
    const callKind = classifyCall(task);
    if (callKind === 'internal-inbound') {
      // The calling agent's side records internal calls, so one call never has two recordings.
      update({ status: 'not_recorded', reason: { kind: 'internal_inbound' } });
      return;
    }

    update({ status: 'waiting_for_leg', callKind });
    /**
     * The recording the attributes say this reservation has, when another tab already asked for it: its
     * own only, or (`anyStarter`, in a tab that did not take the call) also a recording another
     * reservation started and this one continues (a transfer), which the other tab asked about.
     */
    const recordedElsewhere = (state: S, anyStarter: boolean): WaitOutcome | undefined => {
      const attributes = deps.snapshot(state, task).task?.attributes;
      if (!attributes) return undefined;
      const recorded = anyStarter
        ? deriveRecordingState(attributes, reservationSid)
        : ownRunningRecording(attributes, reservationSid);
      return recorded?.status === 'recording' || recorded?.status === 'paused'
        ? { kind: 'already_recorded', state: recorded, by: 'another_tab' }
        : undefined;
    };
    /**
     * With the `customer` channel, the recording the attributes say already runs on the leg this
     * reservation would record (a transfer: the first agent's plugin started it), so this one does not
     * ask: asking costs the Function its reads of Twilio (about seven requests) to answer "already
     * recording". Decided on the same snapshot as the leg, inside the wait: when Flex delivers the
     * attributes after the leg, the Function is asked and answers `alreadyRecording` as before. This is
     * only the client choosing not to ask: the Functions decide nothing from it (an agent can write the
     * attributes, and could always keep their own plugin from asking). The `worker` channel records
     * each agent's own leg, so it always asks.
     */
    const continuedRecording = (
      snapshot: CallSnapshot,
      decision: WaitOutcome | undefined,
    ): WaitOutcome | undefined => {
      if (channel !== 'customer' || decision?.kind !== 'leg') return undefined;
      const attributes = snapshot.task?.attributes;
      const running = attributes && runningCustomerRecording(attributes, reservationSid, decision.callSid);
      return running ? { kind: 'already_recorded', state: running, by: 'transfer' } : undefined;
    };
    let heldHere = true;
    let firstLeg: Leg;
    try {
      let outcome = await deps.waitFor<WaitOutcome>(
        (state) => {
          const snapshot = deps.snapshot(state, task);
          heldHere = callHeldHere(snapshot);
          const decision = recordedElsewhere(state, false) ?? selectLeg(snapshot, channel, callKind);
          const continued = continuedRecording(snapshot, decision);
          if (continued) return continued;
          return decision?.kind === 'leg' && !heldHere ? { kind: 'held_elsewhere' } : decision;
        },
        { timeoutMs: waitTimeoutMs, signal: controller.signal },
      );
      if (outcome.kind === 'held_elsewhere') {
        // Another Flex session of this agent holds the call (Flex's own test for its Join Call button:
        // this worker's live leg is not this tab's browser call) and asks for the recording there. This
        // tab shows what the task attributes say and asks only once the call is held here (the agent
        // pressed Join Call, after a reload too): no clock, so no give-up and no failure to report.
        waitingOnOtherSession = true;
        outcome = await deps.waitFor<WaitOutcome>(
          (state) => {
            const snapshot = deps.snapshot(state, task);
            heldHere = callHeldHere(snapshot);
            const decision = selectLeg(snapshot, channel, callKind);
            return (
              recordedElsewhere(state, true) ??
              (decision?.kind === 'ended' || (decision?.kind === 'leg' && heldHere) ? decision : undefined)
            );
          },
          { timeoutMs: Number.POSITIVE_INFINITY, signal: controller.signal },
        );
        waitingOnOtherSession = !heldHere;
      }
      if (outcome.kind === 'already_recorded') {
        // Shown as the attributes tell it from here on: if they later say it completed while the call
        // goes on, the state sync shows that; no new recording is started (a recording the Functions
        // stopped on purpose, consent failed or an excluded queue, must stay stopped).
        log.info(`${tag} ${reservationSid}: ${ALREADY_RECORDED[outcome.by]}`);
        update(outcome.state);
        return;
      }
      if (outcome.kind === 'ended') {
        callEnded();
        return;
      }
      if (outcome.kind === 'held_elsewhere') throw new Error('unreachable: held_elsewhere was resolved');
      firstLeg = outcome;
    } catch (error) {
      if (isAbortError(error)) {
        callEnded();
      } else if (error instanceof WaitTimeoutError && !heldHere) {
        // The call is in another tab, which tells the agent itself if it fails: no second notification.
        log.warn(`${tag} ${reservationSid}: no recording named by the task after ${waitTimeoutMs} ms`);
        update({
          status: 'failed',
          reason: { kind: 'leg_timeout', seconds: Math.round(waitTimeoutMs / 1000) },
        });
      } else if (error instanceof WaitTimeoutError) {
        log.warn(`${tag} ${reservationSid}: no ${channel} leg after ${waitTimeoutMs} ms`);
        fail({ kind: 'leg_timeout', seconds: Math.round(waitTimeoutMs / 1000) });
      } else {
        log.error(`${tag} ${reservationSid}: waiting for the call leg failed`, error);
        fail(toFailureReason(error));
      }
      return;
    }

    /** Asks for the recording of one leg; true when it runs. */
    const start = async (leg: Leg): Promise<boolean> => {
      update({ status: 'starting', callSid: leg.callSid });
      try {
        // Not tied to the abort signal: once asked, the Function decides (409 if the call is gone).
        const result = await createRecording({
          taskSid: task.taskSid,
          reservationSid,
          callSid: leg.callSid,
          channel,
          ...(leg.conferenceSid ? { conferenceSid: leg.conferenceSid } : {}),
          ...(leg.customerCallSid ? { customerCallSid: leg.customerCallSid } : {}),
        });
        update({
          status: 'recording',
          recordingSid: result.recordingSid,
          callSid: result.callSid,
          channel: result.channel,
          alreadyRecording: result.alreadyRecording,
        });
        recorded.add(result.callSid);
        return true;
      } catch (error) {
        if (error instanceof FunctionError && error.code === 'call_not_in_progress') {
          callEnded();
          return false;
        }
        // The Function enforces the admin's exclusions too (the same settings and rules): a plugin
        // whose copy of the settings is stale still shows why the call is not recorded.
        if (error instanceof FunctionError && error.code === 'recording_excluded' && error.exclusion) {
          log.info(`${tag} ${reservationSid}: not recorded, excluded (the Function said)`, error.exclusion);
          update({ status: 'not_recorded', reason: { kind: 'excluded', exclusion: error.exclusion } });
          return false;
        }
        log.error(`${tag} ${reservationSid}: could not start the recording`, error);
        fail(toFailureReason(error));
        return false;
      }
    };

    const recorded = new Set<string>([firstLeg.callSid]);
    let running = await start(firstLeg);
    // Flex's Join Call moves this worker to a new leg of the same reservation: with the `worker`
    // channel the recorded leg is gone, so the new one is recorded too (both under the task's media).
    while (running && channel === 'worker' && callKind !== 'internal-outbound') {
      let next: LegDecision;
      try {
        next = await deps.waitFor((state) => selectRejoinedLeg(deps.snapshot(state, task), recorded), {
          timeoutMs: Number.POSITIVE_INFINITY,
          signal: controller.signal,
        });
      } catch {
        // The task ended (abort): the recording's own status callback tells the rest.
        return;
      }
      if (next.kind === 'ended') return;
      log.info(`${tag} ${reservationSid}: this agent is on a new leg of the call (Join Call); recording it`);
      recorded.add(next.callSid);
      running = await start(next);
    }
  };

  return {
    async onTaskAccepted(task) {
      try {
        // Flex's call test asks other plugins' task channels, which may throw: inside the guard too.
        if (!deps.isCallTask(task) || flows.has(task.sid)) return;
        const controller = new AbortController();
        flows.set(task.sid, controller);
        await run(task, controller);
      } catch (error) {
        // run() handles its own failures; this guards the listener against a bug becoming an
        // unhandled rejection.
        log.error(`${tag} ${task.sid}: unexpected error`, error);
      }
    },
    onTaskEnded(reservationSid) {
      flows.get(reservationSid)?.abort('task ended');
    },
    onTaskRemoved(reservationSid) {
      flows.get(reservationSid)?.abort('task removed');
      flows.delete(reservationSid);
      store.delete(reservationSid);
    },
  };
}
