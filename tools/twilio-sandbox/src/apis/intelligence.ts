import { sidPattern } from '@dual-channel-recording/contract';
import { iso8601 } from '../dates';
import { TwilioErrorResponse, notFound } from '../errors';
import type { SandboxState, Transcript } from '../state';
import { transcribeWav } from '../transcribe';
import { renderMedia } from './media';
import { listMeta, paginate } from './paging';
import type { ApiHandler, ApiRequest } from './types';

const HOST = 'https://intelligence.twilio.com';
const RECORDING_SID = sidPattern('RE');
const PARTICIPANT_KEYS = [
  'channel_participant',
  'role',
  'user_id',
  'full_name',
  'email',
  'image_url',
  'media_participant_id',
];

function invalid(name: string, why: string): TwilioErrorResponse {
  return new TwilioErrorResponse(400, 20001, `Invalid parameter ${name}: ${why}`);
}

/**
 * The create's `Channel`, which Twilio's spec leaves untyped ("JSON object describing Media Channel
 * including Source and Participants"), checked by hand against Twilio's documented shape:
 * `media_properties.source_sid` (the sandbox transcribes its own recordings only, not a `media_url`),
 * and `participants[]` each naming a `channel_participant` (1 or 2, once each) with the documented
 * fields. Stricter than Twilio may be (it may accept a channel named twice); never looser.
 */
function parseChannel(raw: unknown): { channel: Record<string, unknown>; sourceSid: string } {
  let channel: unknown;
  try {
    channel = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    throw invalid('Channel', 'must be a JSON object');
  }
  if (typeof channel !== 'object' || channel === null || Array.isArray(channel))
    throw invalid('Channel', 'must be a JSON object');
  const media = (channel as Record<string, unknown>).media_properties as Record<string, unknown> | undefined;
  const sourceSid = media?.source_sid;
  if (typeof sourceSid !== 'string' || !RECORDING_SID.test(sourceSid))
    throw invalid(
      'Channel',
      'media_properties.source_sid must be a recording SID (the sandbox has no media_url)',
    );
  const participants = (channel as Record<string, unknown>).participants;
  if (participants !== undefined) {
    if (!Array.isArray(participants)) throw invalid('Channel', 'participants must be a list');
    const seen = new Set<number>();
    for (const p of participants) {
      if (typeof p !== 'object' || p === null) throw invalid('Channel', 'each participant must be an object');
      const extra = Object.keys(p).filter((k) => !PARTICIPANT_KEYS.includes(k));
      if (extra.length > 0) throw invalid('Channel', `unknown participant field(s) ${extra.join(', ')}`);
      const n = (p as Record<string, unknown>).channel_participant;
      if (n !== 1 && n !== 2) throw invalid('Channel', 'channel_participant must be 1 or 2');
      if (seen.has(n)) throw invalid('Channel', `channel_participant ${n} is named twice`);
      seen.add(n);
    }
  }
  return { channel: channel as Record<string, unknown>, sourceSid };
}

/** The JSON of a transcript (intelligence.v2.transcript): `queued` in the create's answer, then `completed`. */
function presentTranscript(
  state: SandboxState,
  t: Transcript,
  status: 'queued' | 'completed',
): Record<string, unknown> {
  const url = `${HOST}/v2/Transcripts/${t.sid}`;
  return {
    account_sid: t.accountSid,
    service_sid: t.serviceSid,
    sid: t.sid,
    date_created: iso8601(t.dateCreated),
    date_updated: iso8601(t.dateCreated),
    status,
    channel: t.channel,
    data_logging: false,
    language_code: 'en-US',
    customer_key: t.customerKey,
    media_start_time: t.mediaStartTime,
    duration: state.recordings.get(t.sourceSid)?.durationSeconds ?? 0,
    url,
    redaction: false,
    encryption_credential_sid: null,
    links: {
      sentences: `${url}/Sentences`,
      encrypted_sentences: `${url}/Sentences/Encrypted`,
      media: `${url}/Media`,
      operator_results: `${url}/OperatorResults`,
      encrypted_operator_results: `${url}/OperatorResults/Encrypted`,
    },
  };
}

function transcriptOf(state: SandboxState, req: ApiRequest, sid: string): Transcript {
  const t = state.transcripts.get(sid);
  if (!t || t.accountSid !== req.account.sid) throw notFound(req.pathname);
  t.reads += 1;
  return t;
}

/**
 * Voice Intelligence handlers: create a transcript of a recording (`POST /v2/Transcripts`), list
 * (`ServiceSid`, `SourceSid` filters) and fetch transcripts, and list a transcript's sentences, whose
 * words come from the recording's own audio (transcribe.ts). Twilio: "You can only create one
 * Transcript per RecordingSid" — a second create for the same recording is refused (400 / 20001 here:
 * Twilio's status and code for it are not documented, so that pair is _assumed_). A service that does
 * not exist in the account is 404 / 20404 (_assumed_). Not modelled: the time transcription takes
 * (every read after the create sees `completed`), language operators, redaction, encryption.
 */
export function createIntelligenceHandlers(state: SandboxState): Record<string, ApiHandler> {
  return {
    CreateTranscript: (req) => {
      const serviceSid = String(req.body.ServiceSid);
      const service = state.intelligenceServices.get(serviceSid);
      if (!service || service.accountSid !== req.account.sid) {
        throw new TwilioErrorResponse(
          404,
          20404,
          `The requested resource Services/${serviceSid} was not found`,
        );
      }
      const { channel, sourceSid } = parseChannel(req.body.Channel);
      const recording = state.recordings.get(sourceSid);
      if (!recording || recording.deleted || recording.accountSid !== req.account.sid) {
        throw new TwilioErrorResponse(
          404,
          20404,
          `The requested resource Recordings/${sourceSid} was not found`,
        );
      }
      if (recording.status !== 'completed')
        throw invalid('Channel', `recording ${sourceSid} is not completed`);
      for (const t of state.transcripts.values()) {
        if (t.accountSid === req.account.sid && t.sourceSid === sourceSid)
          throw invalid('Channel', `a transcript of ${sourceSid} already exists (${t.sid})`);
      }
      // Transcribed from the recording's audio now: the sentences stay if the recording is deleted later.
      const media = renderMedia(
        state,
        {
          accountSid: recording.accountSid,
          recordingSid: sourceSid,
          ext: '.wav',
          requestedChannels: String(recording.channels),
        },
        req.pathname,
      );
      const transcript: Transcript = {
        sid: state.sids.next('GT'),
        accountSid: req.account.sid,
        serviceSid,
        sourceSid,
        channel,
        customerKey: typeof req.body.CustomerKey === 'string' ? req.body.CustomerKey : null,
        mediaStartTime: typeof req.body.MediaStartTime === 'string' ? req.body.MediaStartTime : null,
        dateCreated: new Date(),
        reads: 0,
        sentences: media.raw ? transcribeWav(media.raw.data) : [],
      };
      state.transcripts.set(transcript.sid, transcript);
      return { status: 202, body: presentTranscript(state, transcript, 'queued') };
    },

    FetchTranscript: (req) => {
      const t = transcriptOf(state, req, req.pathParams.Sid);
      return { status: 200, body: presentTranscript(state, t, 'completed') };
    },

    ListTranscript: (req) => {
      const filters: Record<string, string> = {};
      for (const key of ['ServiceSid', 'SourceSid'] as const) {
        const value = req.query[key];
        if (typeof value === 'string') filters[key] = value;
      }
      const all = [...state.transcripts.values()]
        .filter((t) => t.accountSid === req.account.sid)
        .filter((t) => filters.ServiceSid === undefined || t.serviceSid === filters.ServiceSid)
        .filter((t) => filters.SourceSid === undefined || t.sourceSid === filters.SourceSid)
        .sort((a, b) => b.dateCreated.getTime() - a.dateCreated.getTime() || b.sid.localeCompare(a.sid));
      for (const t of all) t.reads += 1;
      const page = paginate(all, req.query, filters);
      return {
        status: 200,
        body: {
          transcripts: page.items.map((t) => presentTranscript(state, t, 'completed')),
          meta: listMeta(HOST, req.pathname, 'transcripts', page),
        },
      };
    },

    ListSentence: (req) => {
      const t = transcriptOf(state, req, req.pathParams.TranscriptSid);
      const heard = t.sentences;
      const sentences = heard.map((s, index) => ({
        media_channel: s.mediaChannel,
        sentence_index: index,
        start_time: s.startSeconds.toFixed(2),
        end_time: s.endSeconds.toFixed(2),
        transcript: s.text,
        sid: `GX${t.sid.slice(2, 26)}${index.toString(16).padStart(8, '0')}`,
        confidence: '0.99',
        words: [],
      }));
      const page = paginate(sentences, req.query);
      return {
        status: 200,
        body: { sentences: page.items, meta: listMeta(HOST, req.pathname, 'sentences', page) },
      };
    },
  };
}
