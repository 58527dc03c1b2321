/**
 * Task-attribute merges, as pure functions: the Flex Insights media entry, our per-leg claim, and the
 * conference / customer call SID that Flex-initiated outbound tasks lack. Every merge copies only the
 * path it changes; every other attribute, including ones we do not know, survives untouched.
 */
import type * as Params from './params.private';

/** A Flex Insights media entry (https://www.twilio.com/docs/flex/developer/insights/custom-media-attached-conversations). */
export interface MediaEntry {
  type: 'VoiceRecording';
  url: string;
  /**
   * Epoch milliseconds of the recording's start. Both public Flex recording plugins write epoch
   * milliseconds and Insights plays those; one Twilio page shows ISO 8601, but a number is what the
   * existing tooling and reports already read, and it cannot be misparsed across time zones.
   */
  start_time: number;
  channels: string[];
}

/** Our record of which recording owns a call leg; the compare-and-set target for idempotency. */
export interface LegClaim {
  recording_sid: string;
  channel: Params.Channel;
  reservation_sid: string;
}

/** Attribute key holding our claims: `{ legs: { CA...: LegClaim } }`. */
export const CLAIMS_KEY = 'dual_channel_recording';

type Attributes = Record<string, unknown>;

function isObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: Attributes, key: string): Attributes {
  const value = parent[key];
  return isObject(value) ? value : {};
}

/** The Insights URL of a recording (the REST resource, as Insights expects, without an extension). */
export function recordingUrl(accountSid: string, recordingSid: string): string {
  return `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;
}

/**
 * Channel names in recording order. A dual-channel recording of a leg puts that leg's own audio on
 * the first channel and what it hears on the second: for the customer's leg that is customer, then
 * everyone else; for an agent's leg the agent comes first, so the customer is second.
 */
export function channelsFor(channel: Params.Channel): string[] {
  return channel === 'customer' ? ['customer', 'others'] : ['others', 'customer'];
}

/** Builds the media entry for a recording. */
export function mediaEntry(
  accountSid: string,
  recordingSid: string,
  startTime: Date | null,
  channel: Params.Channel,
  now: number,
): MediaEntry {
  return {
    type: 'VoiceRecording',
    url: recordingUrl(accountSid, recordingSid),
    start_time: startTime ? startTime.getTime() : now,
    channels: channelsFor(channel),
  };
}

/** The claim on a call leg, if the attributes hold one. */
export function claimFor(attributes: Attributes, callSid: string): LegClaim | undefined {
  const legs = objectAt(objectAt(attributes, CLAIMS_KEY), 'legs');
  const claim = legs[callSid];
  if (!isObject(claim) || typeof claim.recording_sid !== 'string') return undefined;
  const channel = claim.channel === 'worker' ? 'worker' : 'customer';
  const reservation = typeof claim.reservation_sid === 'string' ? claim.reservation_sid : '';
  return { recording_sid: claim.recording_sid, channel, reservation_sid: reservation };
}

function appendMedia(existing: unknown, entry: MediaEntry): unknown[] {
  const media = Array.isArray(existing) ? existing : [];
  const already = media.some((item) => isObject(item) && item.url === entry.url);
  return already ? media : [...media, entry];
}

/** Adds the media entry where Insights looks for this channel (no duplicate for the same recording). */
export function withMedia(
  attributes: Attributes,
  entry: MediaEntry,
  channel: Params.Channel,
  reservationSid: string,
): Attributes {
  if (channel === 'customer') {
    const conversations = objectAt(attributes, 'conversations');
    return {
      ...attributes,
      conversations: { ...conversations, media: appendMedia(conversations.media, entry) },
    };
  }
  const reservations = objectAt(attributes, 'reservation_attributes');
  const reservation = objectAt(reservations, reservationSid);
  return {
    ...attributes,
    reservation_attributes: {
      ...reservations,
      [reservationSid]: { ...reservation, media: appendMedia(reservation.media, entry) },
    },
  };
}

/** Records that `claim.recording_sid` owns the leg `callSid`. */
export function withClaim(attributes: Attributes, callSid: string, claim: LegClaim): Attributes {
  const claims = objectAt(attributes, CLAIMS_KEY);
  const legs = objectAt(claims, 'legs');
  return { ...attributes, [CLAIMS_KEY]: { ...claims, legs: { ...legs, [callSid]: claim } } };
}

/** What Flex-initiated outbound tasks lack and we can fill in. */
export interface OutboundFill {
  conferenceSid?: string;
  /** The customer's call SID (never an agent's). */
  customerCallSid?: string;
}

/** Fills `conference.sid` and `call_sid` only where they are missing; existing values win. */
export function withOutboundFill(attributes: Attributes, fill: OutboundFill): Attributes {
  let next = attributes;
  const conference = objectAt(attributes, 'conference');
  if (fill.conferenceSid && typeof conference.sid !== 'string') {
    next = { ...next, conference: { ...conference, sid: fill.conferenceSid } };
  }
  if (fill.customerCallSid && (typeof attributes.call_sid !== 'string' || attributes.call_sid === '')) {
    next = { ...next, call_sid: fill.customerCallSid };
  }
  return next;
}

/** True when the task lacks what {@link withOutboundFill} adds. */
export function needsOutboundFill(attributes: Attributes): { conference: boolean; callSid: boolean } {
  const conference = objectAt(attributes, 'conference');
  return {
    conference: typeof conference.sid !== 'string',
    callSid: typeof attributes.call_sid !== 'string' || attributes.call_sid === '',
  };
}

/** The whole write for one recording: claim, media entry and outbound fill, in one compare-and-set. */
export function mergeRecording(
  attributes: Attributes,
  input: {
    callSid: string;
    claim: LegClaim;
    entry: MediaEntry;
    fill: OutboundFill;
  },
): Attributes {
  const withLeg = withClaim(attributes, input.callSid, input.claim);
  const withEntry = withMedia(withLeg, input.entry, input.claim.channel, input.claim.reservation_sid);
  return withOutboundFill(withEntry, input.fill);
}
