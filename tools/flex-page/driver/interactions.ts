import { Emitter } from './emitter';

/*
 * The Flex Interactions API voice channel of one task: the server-side truth the Flex UI reads with REST
 * (flex-sdk `getChannels` / `getParticipants`) and then follows through TaskRouter SDK task events
 * (`participantAdded`, `participantModified`, `participantRemoved`). Payloads are in the shapes Flex 2.17.1
 * decodes (`decodeParticipantClass` for REST, `decodeParticipantEvent` for events, in the bundle); the
 * media properties carry Twilio's conference status-callback fields (CallSid, ConferenceSid, Hold, Muted,
 * SequenceNumber, StatusCallbackEvent, ...) as one-element string arrays, which is how Flex reads them.
 */

/**
 * Interactions API participant types (Flex maps `agent` to `worker`); the real-Flex suite checks them
 * against the bundle's own enum.
 */
export const INTERACTION_PARTICIPANT_TYPES = [
  'customer',
  'agent',
  'supervisor',
  'external',
  'unknown',
] as const;
/** One of {@link INTERACTION_PARTICIPANT_TYPES}. */
export type InteractionParticipantType = (typeof INTERACTION_PARTICIPANT_TYPES)[number];

/** Interactions API channel statuses as Flex declares them (`ConferenceStatus`, checked against the bundle). */
export const CHANNEL_STATUSES = ['setup', 'active', 'closed', 'failed'] as const;
/** One of {@link CHANNEL_STATUSES}. */
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

/** One participant of the voice channel. */
export interface ChannelParticipantSpec {
  readonly participantSid: string;
  readonly type: InteractionParticipantType;
  /** The participant's call leg (CA…). */
  readonly callSid: string;
  /** For agents: the worker and the reservation whose conference instruction added them. */
  readonly workerSid?: string;
  readonly reservationSid?: string;
  readonly hold?: boolean;
  readonly muted?: boolean;
  /** Default: customers end the conference on exit, everyone else does not. */
  readonly endConferenceOnExit?: boolean;
}

/** The decoded participant Flex keeps (`ParticipantBase<VoiceProperties>`); ConferenceParticipant wraps it. */
export interface DecodedParticipant {
  channelSid: string | undefined;
  channelType: string | undefined;
  interactionSid: string | undefined;
  participantSid: string | undefined;
  type: InteractionParticipantType | undefined;
  mediaProperties: {
    accountSid?: string;
    callSid?: string;
    coaching: boolean;
    conferenceSid?: string;
    endConferenceOnExit: boolean;
    friendlyName?: string;
    hold: boolean;
    muted: boolean;
    sequenceNumber: number;
    startConferenceOnEnter: boolean;
    statusCallbackEvent?: string;
    timestamp?: string;
    from?: string;
    to?: string;
    status?: 'joined' | 'left';
  };
  routingProperties: { reservationSid?: string; taskSid?: string; workerSid?: string };
}

/** A participant event as the TaskRouter SDK delivers it to Flex (snake_case, media properties as arrays). */
export interface ParticipantEventPayload {
  readonly channel_sid: string;
  readonly channel_type: 'voice';
  readonly interaction_sid: string;
  readonly participant_sid: string;
  readonly type: InteractionParticipantType;
  readonly media_properties: Readonly<Record<string, readonly string[]>>;
  readonly routing_properties: {
    readonly reservation_sid?: string;
    readonly task_sid: string;
    readonly worker_sid?: string;
  };
}

/** A participant as flex-sdk's REST `getParticipants` answers (camelCase, media properties as arrays). */
export interface RestParticipantPayload {
  readonly channelSid: string;
  readonly channelType: 'voice';
  readonly interactionSid: string;
  readonly participantSid: string;
  readonly type: InteractionParticipantType;
  readonly mediaProperties: Readonly<Record<string, readonly string[]>>;
  readonly routingProperties: { readonly reservationSid?: string; readonly workerSid?: string };
}

/**
 * The media properties both of Flex's decoders read, each a one-element string array in the payload;
 * `name` is the status-callback field name (`CallSid`), `at` finds it in the payload's own casing.
 */
function decodeMedia(
  at: (name: string) => readonly string[] | undefined,
): DecodedParticipant['mediaProperties'] {
  const first = (name: string): string | undefined => at(name)?.[0];
  const flag = (name: string): boolean => first(name) === 'true';
  return {
    accountSid: first('AccountSid'),
    callSid: first('CallSid'),
    coaching: flag('Coaching'),
    conferenceSid: first('ConferenceSid'),
    endConferenceOnExit: flag('EndConferenceOnExit'),
    friendlyName: first('FriendlyName'),
    hold: flag('Hold'),
    muted: flag('Muted'),
    sequenceNumber: Number(first('SequenceNumber')),
    startConferenceOnEnter: flag('StartConferenceOnEnter'),
    statusCallbackEvent: first('StatusCallbackEvent'),
    timestamp: first('Timestamp'),
    from: first('From'),
    to: first('To'),
  };
}

/** Port of Flex's `decodeParticipantEvent` (what a participant event becomes in Flex). */
export function decodeParticipantEvent(event: ParticipantEventPayload): DecodedParticipant {
  return {
    channelSid: event.channel_sid,
    channelType: event.channel_type,
    interactionSid: event.interaction_sid,
    participantSid: event.participant_sid,
    type: event.type,
    mediaProperties: decodeMedia((name) => event.media_properties[name]),
    routingProperties: {
      reservationSid: event.routing_properties.reservation_sid,
      taskSid: event.routing_properties.task_sid,
      workerSid: event.routing_properties.worker_sid,
    },
  };
}

/** Port of Flex's `decodeParticipantClass` (REST reads): every listed participant counts as joined. */
export function decodeRestParticipant(p: RestParticipantPayload): DecodedParticipant {
  // flex-sdk answers in camelCase (`callSid`); the fields are the same.
  const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
  return {
    channelSid: p.channelSid,
    channelType: p.channelType,
    interactionSid: p.interactionSid,
    participantSid: p.participantSid,
    type: p.type,
    mediaProperties: { ...decodeMedia((name) => p.mediaProperties[camel(name)]), status: 'joined' },
    routingProperties: { ...p.routingProperties },
  };
}

/**
 * The voice channel of one task's interaction, as Twilio holds it. It emits the TaskRouter SDK task
 * events Flex's ConferenceListener follows (`participantAdded`, `participantModified`,
 * `participantRemoved`), each with a {@link ParticipantEventPayload}.
 */
export class VoiceChannel extends Emitter {
  status: ChannelStatus = 'active';
  private readonly participants = new Map<string, { spec: ChannelParticipantSpec; sequence: number }>();
  private sequence = 0;

  constructor(
    readonly sid: string,
    readonly interactionSid: string,
    readonly taskSid: string,
    readonly conferenceSid: string,
    readonly accountSid: string,
  ) {
    super();
  }

  /** A participant joins the conference (status callback `participant-join`). */
  join(spec: ChannelParticipantSpec): void {
    this.sequence += 1;
    this.participants.set(spec.participantSid, { spec, sequence: this.sequence });
    this.emit('participantAdded', this.eventPayload(spec, 'participant-join'));
  }

  /** A participant changes (hold, mute). */
  modify(participantSid: string, change: Partial<Pick<ChannelParticipantSpec, 'hold' | 'muted'>>): void {
    const entry = this.participants.get(participantSid);
    if (!entry) throw new Error(`no participant ${participantSid} in channel ${this.sid}`);
    this.sequence += 1;
    const spec = { ...entry.spec, ...change };
    this.participants.set(participantSid, { spec, sequence: this.sequence });
    const event = change.hold === undefined ? 'participant-mute' : 'participant-hold';
    this.emit('participantModified', this.eventPayload(spec, event));
  }

  /**
   * A participant's endConferenceOnExit is updated (Flex's `setEndConferenceOnExit`): later reads show it.
   * No event: whether Twilio sends a participant event for this change was not checked (no account); the
   * plugin reads nothing from it, and Flex's joinCall does not wait for one.
   */
  setEndConferenceOnExit(participantSid: string, endConferenceOnExit: boolean): void {
    const entry = this.participants.get(participantSid);
    if (!entry) throw new Error(`no participant ${participantSid} in channel ${this.sid}`);
    this.participants.set(participantSid, { ...entry, spec: { ...entry.spec, endConferenceOnExit } });
  }

  /** A participant leaves (status callback `participant-leave`). */
  leave(participantSid: string): void {
    const entry = this.participants.get(participantSid);
    if (!entry) return;
    this.sequence += 1;
    this.participants.delete(participantSid);
    this.emit('participantRemoved', this.eventPayload(entry.spec, 'participant-leave'));
  }

  /** Participants still in the channel, as flex-sdk's REST read lists them. */
  restParticipants(): RestParticipantPayload[] {
    return [...this.participants.values()].map(({ spec, sequence }) => ({
      channelSid: this.sid,
      channelType: 'voice',
      interactionSid: this.interactionSid,
      participantSid: spec.participantSid,
      type: spec.type,
      mediaProperties: {
        accountSid: [this.accountSid],
        callSid: [spec.callSid],
        conferenceSid: [this.conferenceSid],
        friendlyName: [this.taskSid],
        hold: [String(spec.hold === true)],
        muted: [String(spec.muted === true)],
        sequenceNumber: [String(sequence)],
        endConferenceOnExit: [String(spec.endConferenceOnExit ?? spec.type === 'customer')],
        startConferenceOnEnter: ['true'],
      },
      routingProperties: {
        ...(spec.reservationSid === undefined ? {} : { reservationSid: spec.reservationSid }),
        ...(spec.workerSid === undefined ? {} : { workerSid: spec.workerSid }),
      },
    }));
  }

  /** True while someone with this call SID is in the channel. */
  has(participantSid: string): boolean {
    return this.participants.has(participantSid);
  }

  private eventPayload(spec: ChannelParticipantSpec, statusCallbackEvent: string): ParticipantEventPayload {
    return {
      channel_sid: this.sid,
      channel_type: 'voice',
      interaction_sid: this.interactionSid,
      participant_sid: spec.participantSid,
      type: spec.type,
      media_properties: {
        AccountSid: [this.accountSid],
        CallSid: [spec.callSid],
        Coaching: ['false'],
        ConferenceSid: [this.conferenceSid],
        EndConferenceOnExit: [String(spec.endConferenceOnExit ?? spec.type === 'customer')],
        FriendlyName: [this.taskSid],
        Hold: [String(spec.hold === true)],
        Muted: [String(spec.muted === true)],
        SequenceNumber: [String(this.sequence)],
        StartConferenceOnEnter: ['true'],
        StatusCallbackEvent: [statusCallbackEvent],
        Timestamp: [new Date().toUTCString()],
      },
      routing_properties: {
        task_sid: this.taskSid,
        ...(spec.reservationSid === undefined ? {} : { reservation_sid: spec.reservationSid }),
        ...(spec.workerSid === undefined ? {} : { worker_sid: spec.workerSid }),
      },
    };
  }
}
