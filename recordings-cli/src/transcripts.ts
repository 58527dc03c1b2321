/**
 * A recording's Voice Intelligence transcript as `download --transcripts` writes it: every sentence
 * with the speaker's role (customer or agent). The transcript is found by asking Twilio for the
 * recording's transcripts (`SourceSid`), never by the SID a task's attributes name: an agent can
 * write those. The role of a sentence's channel comes from the transcript's own participants (what
 * the recording-status Function sent: customer first on a customer-leg recording, agent first on a
 * worker leg); a transcript that names no role for a channel gets Voice Intelligence's default
 * (channel 1 agent, channel 2 customer) and says so in `roleSource`.
 */
import type { SentenceMeta, TranscriptMeta, TwilioGateway } from './twilio-gateway';

/** The role of a sentence's speaker. */
export type SpeakerRole = 'customer' | 'agent' | 'unknown';

/** One sentence with its speaker. */
export interface SpokenSentence {
  index: number;
  channel: number;
  role: SpeakerRole;
  /** Seconds into the recording's audio: paused time cut out by a `skip` pause is not counted. */
  start: number | null;
  end: number | null;
  text: string;
}

/** The transcript file's content (`<RE>.transcript.json`). */
export interface TranscriptFile {
  recordingSid: string;
  transcriptSid: string;
  serviceSid: string;
  status: string;
  /** Where the roles come from: the transcript's participants, or Voice Intelligence's default. */
  roleSource: 'participants' | 'voice-intelligence-default';
  roles: Record<string, SpeakerRole>;
  offsets: 'seconds into the recording audio';
  sentences: SpokenSentence[];
}

/** Voice Intelligence's labels when a transcript names nobody: channel 1 Agent, channel 2 Customer. */
const DEFAULT_ROLES: Record<string, SpeakerRole> = { '1': 'agent', '2': 'customer' };

/** The roles a transcript's participants give its channels (empty when it names none). */
export function rolesOf(transcript: TranscriptMeta): Record<string, SpeakerRole> {
  const participants = (transcript.channel as { participants?: unknown } | null)?.participants;
  const roles: Record<string, SpeakerRole> = {};
  if (!Array.isArray(participants)) return roles;
  for (const p of participants) {
    if (typeof p !== 'object' || p === null) continue;
    const { channel_participant: channel, role } = p as { channel_participant?: unknown; role?: unknown };
    const name = typeof role === 'string' ? role.toLowerCase() : '';
    if (channel !== undefined)
      roles[String(channel)] = name === 'customer' || name === 'agent' ? name : 'unknown';
  }
  return roles;
}

/** Why a recording's transcript could not be written. */
export class TranscriptUnavailableError extends Error {
  override readonly name = 'TranscriptUnavailableError';
}

/**
 * The recording's transcript with a role per sentence. Throws {@link TranscriptUnavailableError} when
 * Twilio holds none or it is not finished (`completed`), and the gateway's error when Twilio fails.
 */
export async function readTranscript(gateway: TwilioGateway, recordingSid: string): Promise<TranscriptFile> {
  const [transcript] = await gateway.transcriptsOf(recordingSid);
  if (!transcript) throw new TranscriptUnavailableError(`Twilio holds no transcript of ${recordingSid}`);
  if (transcript.status !== 'completed')
    throw new TranscriptUnavailableError(
      `transcript ${transcript.sid} is ${transcript.status}, not completed yet`,
    );
  const named = rolesOf(transcript);
  const roleSource = Object.keys(named).length > 0 ? 'participants' : 'voice-intelligence-default';
  const roles = roleSource === 'participants' ? named : DEFAULT_ROLES;
  const sentences = (await gateway.listSentences(transcript.sid)).map((s: SentenceMeta): SpokenSentence => ({
    index: s.index,
    channel: s.mediaChannel,
    role: roles[String(s.mediaChannel)] ?? 'unknown',
    start: s.startSeconds,
    end: s.endSeconds,
    text: s.text,
  }));
  return {
    recordingSid,
    transcriptSid: transcript.sid,
    serviceSid: transcript.serviceSid,
    status: transcript.status,
    roleSource,
    roles,
    offsets: 'seconds into the recording audio',
    sentences,
  };
}
