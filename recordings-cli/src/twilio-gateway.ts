/**
 * Everything the CLI asks of Twilio, behind one interface (a fake implements it in unit tests).
 * REST calls go through the `twilio` SDK; the media file is an authenticated GET (the SDK has no
 * media download), following redirects as Twilio may answer with its media host. Every request
 * waits for a slot of the shared {@link Limiter} and is retried per {@link withRetry}.
 */
import twilio from 'twilio';
import type { TwilioConfig } from './config';
import { apiHost } from './config';
import type { RetryPolicy } from '@dual-channel-recording/contract';
import type { TwilioApiError } from '@dual-channel-recording/contract';
import {
  isTwilioNotFound,
  parseRetryAfterMs,
  toTwilioApiError,
  twilioErrorOfAnswer,
} from '@dual-channel-recording/contract';
import { ConfigError } from './errors';
import type { Limiter } from './limiter';
import type { TwilioRetryEvent } from './retry';
import { withRetry } from './retry';

/** The fields of a recording the CLI uses. */
export interface RecordingMeta {
  sid: string;
  callSid: string;
  status: string;
  /** Channels Twilio recorded (1 or 2). */
  channels: number;
  /** Whole seconds per the API; null while not completed. */
  durationSeconds: number | null;
  dateCreated: Date;
  /** When the recording started (null if Twilio did not say). */
  startTime: Date | null;
  /** Twilio's error code for an absent or failed recording (null for none). */
  errorCode: number | null;
}

/** A TaskRouter event as the audit reads it. */
export interface TaskEventMeta {
  eventType: string;
  /** Epoch ms. */
  at: number;
  taskSid: string;
  /** `event_data` as TaskRouter sent it. */
  data: Record<string, unknown>;
}

/** The fields of a call the audit reads. */
export interface CallMeta {
  sid: string;
  status: string;
  startTime: Date | null;
  endTime: Date | null;
}

/** A conference as the CLI reads it: Flex names a task's conference after the task SID. */
export interface ConferenceMeta {
  sid: string;
  friendlyName: string;
  /** `init`, `in-progress` or `completed`. */
  status: string;
}

/** A Voice Intelligence transcript as the CLI reads it. */
export interface TranscriptMeta {
  sid: string;
  serviceSid: string;
  status: string;
  /** Twilio's `channel` object: the recording and the participants named per channel. */
  channel: unknown;
}

/** One transcribed sentence. */
export interface SentenceMeta {
  index: number;
  /** The recording channel it was heard on (1 or 2). */
  mediaChannel: number;
  /** Seconds from the start of the recording's audio (null when Twilio gives none). */
  startSeconds: number | null;
  endSeconds: number | null;
  text: string;
}

/** A time range of recording creation (either end may be open). */
export interface DateRange {
  since: Date | null;
  until: Date | null;
}

/** Twilio operations the CLI needs. */
export interface TwilioGateway {
  readonly accountSid: string;
  fetchRecording(recordingSid: string): Promise<RecordingMeta>;
  listRecordings(range: DateRange): Promise<RecordingMeta[]>;
  deleteRecording(recordingSid: string): Promise<void>;
  /** The task's attributes, parsed (an unparsable string is returned as `{}`). */
  fetchTaskAttributes(taskSid: string): Promise<unknown>;
  /** The recording's media as WAV with `RequestedChannels` = `channels`. */
  downloadMedia(recordingSid: string, channels: 1 | 2): Promise<Buffer>;
  /** The workspace's voice-task events in a time range (TaskRouter's event log; needs TWILIO_WORKSPACE_SID). */
  listVoiceTaskEvents(since: Date, until: Date): Promise<TaskEventMeta[]>;
  /** The recording, deleted ones included (status `deleted`), or null when Twilio never had it. */
  findRecording(recordingSid: string): Promise<RecordingMeta | null>;
  /** The call, or null when Twilio does not know it. */
  fetchCall(callSid: string): Promise<CallMeta | null>;
  /** Every recording of a call. */
  listCallRecordings(callSid: string): Promise<RecordingMeta[]>;
  /** The Flex configuration's `ui_attributes` (where the admin's exclusions live). */
  fetchFlexUiAttributes(): Promise<unknown>;
  /** Every conference whose friendly name is `friendlyName`, whatever its status. */
  listConferencesNamed(friendlyName: string): Promise<ConferenceMeta[]>;
  /** True when the call is in the conference now (Twilio's Participants list forgets who left). */
  isLiveParticipant(conferenceSid: string, callSid: string): Promise<boolean>;
  /**
   * The call SIDs of everyone who was in the conference, after it ended too (Voice Insights'
   * Conference Participant Summaries; Twilio answers 403 / 17000 without Advanced Features).
   */
  listConferenceParticipantCalls(conferenceSid: string): Promise<string[]>;
  /** The Voice Intelligence transcripts of a recording, in any service (`SourceSid`). */
  transcriptsOf(recordingSid: string): Promise<TranscriptMeta[]>;
  /** A transcript's sentences, in order. */
  listSentences(transcriptSid: string): Promise<SentenceMeta[]>;
}

function toMeta(r: {
  sid: string;
  callSid: string;
  status: string;
  channels: number;
  duration: string | null;
  dateCreated: Date;
  startTime?: Date | null;
  errorCode?: number | null;
}): RecordingMeta {
  const duration = r.duration === null || r.duration === undefined ? NaN : Number(r.duration);
  return {
    sid: r.sid,
    callSid: r.callSid,
    status: r.status,
    channels: r.channels,
    durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : null,
    dateCreated: r.dateCreated,
    startTime: r.startTime ?? null,
    errorCode: typeof r.errorCode === 'number' && r.errorCode > 0 ? r.errorCode : null,
  };
}

/** Seconds as Twilio writes an offset (a number or a numeric string), or null. */
function seconds(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) ? n : null;
}

const isRecordObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The media answer `res` as a failed Twilio request, with Twilio's error body when it sent one. */
async function mediaError(res: Response, url: string): Promise<TwilioApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // Not Twilio's JSON error body (a proxy's HTML page, say): the status says enough.
  }
  return twilioErrorOfAnswer(
    { status: res.status, body, retryAfterMs: parseRetryAfterMs(res.headers.get('retry-after'), Date.now()) },
    `HTTP ${res.status} from ${url}`,
  );
}

/** Options for {@link createTwilioGateway}. */
export interface GatewayOptions {
  limiter: Limiter;
  retry: RetryPolicy;
  onRetry?: (event: TwilioRetryEvent, what: string) => void;
  /** Give up on one media download after this long (ms). */
  mediaTimeoutMs?: number;
}

/** The twilio SDK client for the CLI's configuration (region and edge included). */
export function createTwilioClient(config: TwilioConfig): twilio.Twilio {
  return twilio(config.username, config.password, {
    accountSid: config.accountSid,
    ...(config.region ? { region: config.region } : {}),
    ...(config.edge ? { edge: config.edge } : {}),
  });
}

/** Runs one Twilio request in a slot of the limiter, retried per the policy, failures as {@link TwilioApiError}. */
export type TwilioCall = <T>(what: string, op: () => Promise<T>) => Promise<T>;

/** The {@link TwilioCall} of these options. */
export function twilioCall(options: Pick<GatewayOptions, 'limiter' | 'retry' | 'onRetry'>): TwilioCall {
  return <T>(what: string, op: () => Promise<T>): Promise<T> =>
    withRetry(
      () =>
        options.limiter.run(async () => {
          try {
            return await op();
          } catch (err) {
            throw toTwilioApiError(err);
          }
        }),
      options.retry,
      (event) => options.onRetry?.(event, what),
    );
}

/** The real gateway: the twilio SDK plus an authenticated fetch for media. */
export function createTwilioGateway(config: TwilioConfig, options: GatewayOptions): TwilioGateway {
  const client = createTwilioClient(config);
  const authorization = `Basic ${Buffer.from(`${config.username}:${config.password}`).toString('base64')}`;
  const mediaBase = `https://${apiHost(config)}/2010-04-01/Accounts/${config.accountSid}/Recordings`;

  const call = twilioCall(options);

  return {
    accountSid: config.accountSid,

    fetchRecording: (sid) => call(`fetch ${sid}`, async () => toMeta(await client.recordings(sid).fetch())),

    listRecordings: (range) =>
      call('list recordings', async () => {
        const list = await client.recordings.list({
          ...(range.since ? { dateCreatedAfter: range.since } : {}),
          ...(range.until ? { dateCreatedBefore: range.until } : {}),
          pageSize: 1000,
        });
        return list.map(toMeta);
      }),

    deleteRecording: (sid) =>
      call(`delete ${sid}`, async () => {
        await client.recordings(sid).remove();
      }),

    fetchTaskAttributes: async (taskSid) => {
      // A configuration problem, not Twilio's: fails at once instead of being retried.
      const { workspaceSid } = config;
      if (!workspaceSid) throw new ConfigError('TWILIO_WORKSPACE_SID is not set (needed for --task)');
      return call(`fetch task ${taskSid}`, async () => {
        const task = await client.taskrouter.v1.workspaces(workspaceSid).tasks(taskSid).fetch();
        try {
          return JSON.parse(task.attributes) as unknown;
        } catch {
          return {};
        }
      });
    },

    listVoiceTaskEvents: async (since, until) => {
      const { workspaceSid } = config;
      if (!workspaceSid) throw new ConfigError('TWILIO_WORKSPACE_SID is not set (needed for audit)');
      return call('list TaskRouter events', async () => {
        const list = await client.taskrouter.v1
          .workspaces(workspaceSid)
          .events.list({ startDate: since, endDate: until, taskChannel: 'voice', pageSize: 1000 });
        return list.map((e) => {
          const data = isRecordObject(e.eventData) ? e.eventData : {};
          return {
            eventType: e.eventType,
            at: e.eventDateMs ?? (e.eventDate ? e.eventDate.getTime() : 0),
            taskSid: typeof data.task_sid === 'string' ? data.task_sid : '',
            data,
          };
        });
      });
    },

    findRecording: (sid) =>
      call(`fetch ${sid}`, async () => {
        try {
          return toMeta(await client.recordings(sid).fetch({ includeSoftDeleted: true }));
        } catch (err) {
          if (isTwilioNotFound(toTwilioApiError(err))) return null;
          throw err;
        }
      }),

    fetchCall: (callSid) =>
      call(`fetch call ${callSid}`, async () => {
        try {
          const c = await client.calls(callSid).fetch();
          return { sid: c.sid, status: c.status, startTime: c.startTime ?? null, endTime: c.endTime ?? null };
        } catch (err) {
          if (isTwilioNotFound(toTwilioApiError(err))) return null;
          throw err;
        }
      }),

    listCallRecordings: (callSid) =>
      call(`list recordings of ${callSid}`, async () =>
        (await client.recordings.list({ callSid, pageSize: 100 })).map(toMeta),
      ),

    transcriptsOf: (recordingSid) =>
      call(`list transcripts of ${recordingSid}`, async () =>
        (await client.intelligence.v2.transcripts.list({ sourceSid: recordingSid, pageSize: 20 })).map(
          (t) => ({
            sid: t.sid,
            serviceSid: t.serviceSid,
            status: t.status,
            channel: t.channel,
          }),
        ),
      ),

    listSentences: (transcriptSid) =>
      call(`list sentences of ${transcriptSid}`, async () =>
        (await client.intelligence.v2.transcripts(transcriptSid).sentences.list({ pageSize: 5000 })).map(
          (s) => ({
            index: s.sentenceIndex,
            // The spec types these as an integer and strings; accept either form Twilio sends.
            mediaChannel: Number(s.mediaChannel),
            startSeconds: seconds(s.startTime),
            endSeconds: seconds(s.endTime),
            text: s.transcript ?? '',
          }),
        ),
      ),

    fetchFlexUiAttributes: () =>
      call('fetch the Flex configuration', async () => {
        const configuration = await client.flexApi.v1.configuration().fetch();
        return configuration.uiAttributes ?? null;
      }),

    listConferencesNamed: (friendlyName) =>
      call(`list conferences of ${friendlyName}`, async () =>
        (await client.conferences.list({ friendlyName, pageSize: 50 })).map((c) => ({
          sid: c.sid,
          friendlyName: c.friendlyName,
          status: c.status,
        })),
      ),

    isLiveParticipant: (conferenceSid, callSid) =>
      call(`fetch participant ${callSid}`, async () => {
        try {
          await client.conferences(conferenceSid).participants(callSid).fetch();
          return true;
        } catch (err) {
          if (isTwilioNotFound(toTwilioApiError(err))) return false;
          throw err;
        }
      }),

    listConferenceParticipantCalls: (conferenceSid) =>
      call(`list participant summaries of ${conferenceSid}`, async () =>
        (await client.insights.v1.conferences(conferenceSid).conferenceParticipants.list({ pageSize: 100 }))
          .map((p) => p.callSid)
          .filter((sid): sid is string => typeof sid === 'string'),
      ),

    downloadMedia: (sid, channels) => {
      const url = `${mediaBase}/${sid}.wav?RequestedChannels=${channels}`;
      return call(`download ${sid}`, async () => {
        // fetch follows redirects and drops Authorization on a cross-origin hop (media host URLs are signed).
        const res = await fetch(url, {
          headers: { Authorization: authorization },
          redirect: 'follow',
          signal: AbortSignal.timeout(options.mediaTimeoutMs ?? 300_000),
        });
        if (!res.ok) throw await mediaError(res, url);
        return Buffer.from(await res.arrayBuffer());
      });
    },
  };
}
