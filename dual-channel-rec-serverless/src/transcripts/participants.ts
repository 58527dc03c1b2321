/**
 * Who is on which channel of a recording, as a Voice Intelligence transcript must be told. Voice
 * Intelligence labels channel 1 "Agent" and channel 2 "Customer" unless the transcript's
 * `participants` say otherwise (Twilio, "Voice Intelligence best practices"). A dual-channel
 * recording of one call leg holds that leg's own party on channel 1 and what it hears on channel 2:
 * the customer first for a customer-leg recording (Insights' `["customer", "others"]`), the agent
 * first for a worker-leg one. Only this product knows which leg it recorded, so it always names both.
 */
import type { RecordingChannel, TranscriptRole } from '@dual-channel-recording/contract';

/** The role of channel 1, then channel 2, of a recording of `leg`. */
export function channelRoles(leg: RecordingChannel): [TranscriptRole, TranscriptRole] {
  return leg === 'customer' ? ['customer', 'agent'] : ['agent', 'customer'];
}

/** The agent as TaskRouter knows them: the worker's Flex identity and name. */
export interface AgentIdentity {
  identity: string;
  friendlyName: string;
}

/** One entry of a transcript's `Channel.participants` (Twilio's documented fields). */
export interface TranscriptParticipant {
  channel_participant: 1 | 2;
  /** Voice Intelligence's role names. */
  role: 'Customer' | 'Agent';
  user_id?: string;
  full_name?: string;
}

/** The `Channel` object of a transcript create: the recording, and both channels named. */
export interface TranscriptChannel {
  media_properties: { source_sid: string };
  participants: TranscriptParticipant[];
}

const ROLE_NAME: Record<TranscriptRole, TranscriptParticipant['role']> = {
  customer: 'Customer',
  agent: 'Agent',
};

/** The transcript's `Channel` for recording `recordingSid` of `leg`, naming `agent` on the agent's channel. */
export function transcriptChannel(
  recordingSid: string,
  leg: RecordingChannel,
  agent: AgentIdentity | undefined,
): TranscriptChannel {
  const participants = channelRoles(leg).map((role, index): TranscriptParticipant => {
    const entry: TranscriptParticipant = { channel_participant: index === 0 ? 1 : 2, role: ROLE_NAME[role] };
    if (role === 'agent' && agent) {
      entry.user_id = agent.identity;
      entry.full_name = agent.friendlyName;
    }
    return entry;
  });
  return { media_properties: { source_sid: recordingSid }, participants };
}

/**
 * The roles a transcript's `channel` (as Twilio answers it) gives channels 1 and 2, or undefined
 * when it does not name both (Voice Intelligence then applies its defaults, agent first).
 */
export function rolesInChannel(channel: unknown): [TranscriptRole, TranscriptRole] | undefined {
  if (typeof channel !== 'object' || channel === null) return undefined;
  const participants = (channel as { participants?: unknown }).participants;
  if (!Array.isArray(participants)) return undefined;
  const roleOf = (n: number): TranscriptRole | undefined => {
    const found = participants.find(
      (p: unknown) =>
        typeof p === 'object' &&
        p !== null &&
        Number((p as { channel_participant?: unknown }).channel_participant) === n,
    ) as { role?: unknown } | undefined;
    const role = typeof found?.role === 'string' ? found.role.toLowerCase() : undefined;
    return role === 'customer' || role === 'agent' ? role : undefined;
  };
  const first = roleOf(1);
  const second = roleOf(2);
  return first && second ? [first, second] : undefined;
}
