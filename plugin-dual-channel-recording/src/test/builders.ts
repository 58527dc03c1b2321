import type { CallSnapshot, ConferenceLike, ParticipantLike, TaskLike } from '../recording/types';

/** A voice reservation WR1 on task WT1, accepted, inbound, with no conference yet. */
export function aTask(overrides: Partial<TaskLike> = {}): TaskLike {
  return {
    sid: 'WR1',
    taskSid: 'WT1',
    status: 'accepted',
    taskChannelUniqueName: 'voice',
    queueName: 'Support',
    queueSid: 'WQ00000000000000000000000000000001',
    attributes: { direction: 'inbound', call_sid: 'CAcustomer' },
    ...overrides,
  };
}

/** The customer's joined leg. */
export const customer = (overrides: Partial<ParticipantLike> = {}): ParticipantLike => ({
  participantType: 'customer',
  status: 'joined',
  callSid: 'CAcustomer',
  isCurrentWorker: false,
  ...overrides,
});

/** This worker's joined leg on reservation WR1. */
export const me = (overrides: Partial<ParticipantLike> = {}): ParticipantLike => ({
  participantType: 'worker',
  status: 'joined',
  callSid: 'CAme',
  isCurrentWorker: true,
  reservationSid: 'WR1',
  ...overrides,
});

/** Another worker's leg (a transfer source or target). */
export const otherWorker = (overrides: Partial<ParticipantLike> = {}): ParticipantLike => ({
  participantType: 'worker',
  status: 'joined',
  callSid: 'CAother',
  isCurrentWorker: false,
  reservationSid: 'WR2',
  ...overrides,
});

/** A conference holding `participants`. */
export const conference = (participants: ParticipantLike[], status = 'active'): ConferenceLike => ({
  status,
  participants,
});

/** A snapshot where the task's conference has `participants` and Redux has `storeParticipants`. */
export function snapshot(
  participants: ParticipantLike[] | undefined,
  options: {
    storeParticipants?: ParticipantLike[];
    task?: Partial<TaskLike> | null;
    activeCallSid?: string;
    callsInBrowser?: boolean;
  } = {},
): CallSnapshot {
  return {
    task:
      options.task === null
        ? undefined
        : aTask({ ...(participants ? { conference: conference(participants) } : {}), ...options.task }),
    storeConference: options.storeParticipants ? conference(options.storeParticipants) : undefined,
    activeCallSid: options.activeCallSid,
    callsInBrowser: options.callsInBrowser ?? false,
  };
}
