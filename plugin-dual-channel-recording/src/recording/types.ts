/**
 * Structural views of the Flex objects the pure recording logic reads. They hold no Flex import on
 * purpose: `flex-hooks/flexAdapter.ts` checks at compile time that Flex's own types fit them, and a
 * browser stand-in for Flex only has to provide these fields.
 */

/** A conference participant as Flex exposes it (`ConferenceParticipant`). */
export interface ParticipantLike {
  readonly participantType?: string;
  readonly status?: string;
  readonly callSid?: string;
  readonly isCurrentWorker?: boolean;
  readonly reservationSid?: string;
}

/** A Flex conference (`task.conference` or Redux `flex.conferences.states[taskSid].source`). */
export interface ConferenceLike {
  /** The Twilio conference SID (CF…); Flex knows it once the conference exists. */
  readonly conferenceSid?: string;
  readonly status?: string;
  readonly participants: readonly ParticipantLike[];
}

/** The task fields the recording logic reads (`ITask`). */
export interface TaskLike {
  /** Reservation SID (WR...). */
  readonly sid: string;
  /** Task SID (WT...). */
  readonly taskSid: string;
  /** Reservation status: pending, accepted, wrapping, completed, canceled, ... */
  readonly status: string;
  readonly taskChannelUniqueName: string;
  readonly queueName?: string;
  readonly queueSid?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly conference?: ConferenceLike;
}

/** Everything the leg selector needs from one Flex state snapshot. */
export interface CallSnapshot {
  /** The task as the store has it now; undefined once the reservation is gone. */
  readonly task: TaskLike | undefined;
  /** Redux `flex.conferences.states.get(taskSid)?.source`. */
  readonly storeConference: ConferenceLike | undefined;
  /** `flex.phone.activeCall.parameters.CallSid`, for internal calls. */
  readonly activeCallSid: string | undefined;
  /**
   * The worker takes calls in the browser (`contact_uri` is `client:…`, Flex's own test). Then a tab
   * with no call of its own did not take this one: another tab of the same agent did.
   */
  readonly callsInBrowser: boolean;
}

/**
 * Says whether a task is a call. Flex decides it (`TaskHelper.isCallTask`: the task channel definition
 * has the Call capability), not the TaskRouter channel's name: callback and voicemail tasks live on the
 * `voice` channel without being calls, and a custom channel can carry calls.
 */
export type CallTaskTest = (task: TaskLike) => boolean;

/** A store you can read and subscribe to (Redux's `Store`, structurally). */
export interface SubscribableStore<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}
