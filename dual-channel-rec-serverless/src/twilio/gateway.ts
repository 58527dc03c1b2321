import type twilio from 'twilio';
import type { Config, PauseBehavior } from '../config/settings';
import { readMediaLocation } from './media-location';
import { isRecord } from '@dual-channel-recording/contract';
import { TwilioApiError, isTwilioNotFound, isTwilioStatus, toTwilioApiError } from './errors';
import type { Deadline } from './retry';
import { isAmbiguous, withRetry } from './retry';

/** A TaskRouter task with its attributes parsed and the ETag Twilio sent with it. */
export interface TaskSnapshot {
  sid: string;
  assignmentStatus: string;
  /** TaskRouter's own queue fields (not attributes: an agent cannot write them). */
  queueSid: string;
  queueName: string;
  attributes: Record<string, unknown>;
  /** The `ETag` response header: the compare-and-set token for `If-Match`. */
  etag: string;
}

/** The fields of a reservation the authorization rules need. */
export interface ReservationInfo {
  sid: string;
  taskSid: string;
  workerSid: string;
  status: string;
}

/** The fields of a call the authorization rules need (from/to are never logged). */
export interface CallInfo {
  sid: string;
  status: string;
  from: string;
  to: string;
  direction: string;
  parentCallSid: string | null;
}

/** A conference: Flex names the task's conference after the task (friendly name = WT…). */
export interface ConferenceInfo {
  sid: string;
  friendlyName: string;
  status: string;
}

/** A conference participant (a call leg in a conference). */
export interface ParticipantInfo {
  conferenceSid: string;
  callSid: string;
  status: string;
  label: string | null;
}

/** A call recording. */
export interface RecordingInfo {
  sid: string;
  callSid: string;
  status: string;
  startTime: Date | null;
  dateCreated: Date | null;
}

/** A TaskRouter event (`/Workspaces/{WS}/Events`): durable after the task is gone (attributes for 30 days). */
export interface TaskEvent {
  sid: string;
  eventType: string;
  /** Epoch ms. */
  at: number;
  /** The event's data as TaskRouter sends it (`task_sid`, `worker_sid`, `task_attributes`, …). */
  data: Record<string, unknown>;
}

/** How far back task events are read: TaskRouter redacts their task attributes after 30 days. */
export const EVENT_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;

/** Everything the recording Functions ask of Twilio; a fake implements it in unit tests. */
export interface TwilioGateway {
  readonly accountSid: string;
  fetchTask(taskSid: string): Promise<TaskSnapshot>;
  /**
   * Writes attributes only if the task still has `etag`; Twilio answers 412 otherwise. Resolves with
   * the task's new ETag (Twilio sends it on updates too), or undefined if the answer had none.
   */
  updateTaskAttributes(
    taskSid: string,
    attributes: Record<string, unknown>,
    etag: string,
  ): Promise<string | undefined>;
  fetchReservation(taskSid: string, reservationSid: string): Promise<ReservationInfo>;
  fetchCall(callSid: string): Promise<CallInfo>;
  /** The in-progress conference Flex named after the task, if any. */
  findTaskConference(taskSid: string): Promise<{ sid: string } | undefined>;
  /** The conference, or undefined when Twilio does not know it. */
  fetchConference(conferenceSid: string): Promise<ConferenceInfo | undefined>;
  /** The participant, or undefined when the call is not in the conference. */
  fetchParticipant(conferenceSid: string, callSid: string): Promise<ParticipantInfo | undefined>;
  listParticipants(conferenceSid: string): Promise<ParticipantInfo[]>;
  /** Recordings of the call that are in-progress or paused. */
  listActiveRecordings(callSid: string): Promise<RecordingInfo[]>;
  /** Every recording of the call (`/Calls/{CA}/Recordings`), whatever its status. */
  listCallRecordings(callSid: string): Promise<RecordingInfo[]>;
  /** The recording, or undefined when it no longer exists. */
  fetchRecording(callSid: string, recordingSid: string): Promise<RecordingInfo | undefined>;
  createRecording(callSid: string, statusCallbackUrl: string): Promise<RecordingInfo>;
  stopRecording(callSid: string, recordingSid: string): Promise<void>;
  /** Deletes a recording's media and metadata (a stopped duplicate must not be stored or billed). */
  deleteRecording(recordingSid: string): Promise<void>;
  /** The Flex configuration's `ui_attributes` (Flex Configuration API), as the admin set them. */
  fetchFlexUiAttributes(): Promise<unknown>;
  /**
   * Plays `announceUrl` to one participant of a conference (Participant `AnnounceUrl`): only that
   * participant hears it, and the call stays in the conference.
   */
  announceToParticipant(conferenceSid: string, callSid: string, announceUrl: string): Promise<void>;
  /** The recording by its SID alone (`/Recordings/{RE}`), or undefined when Twilio does not know it. */
  fetchAccountRecording(recordingSid: string): Promise<RecordingInfo | undefined>;
  /**
   * A link a browser can play without credentials: Twilio's answer to an authenticated media request
   * (a redirect to a short-lived URL), read without downloading the media; when the account does not
   * enforce HTTP auth, the media URL itself.
   */
  mediaLocation(recordingSid: string, requestedChannels: 1 | 2): Promise<string>;
  /** The task's TaskRouter events (newest first), kept by TaskRouter after the task is deleted. */
  listTaskEvents(taskSid: string): Promise<TaskEvent[]>;
  /** The task's reservations (any status). */
  listTaskReservations(taskSid: string): Promise<ReservationInfo[]>;
  /** Pauses or resumes a recording; `pauseBehavior` applies only to a pause. Answers the recording after. */
  setRecordingStatus(
    callSid: string,
    recordingSid: string,
    status: 'paused' | 'in-progress',
    pauseBehavior: PauseBehavior,
  ): Promise<RecordingInfo>;
}

/** Recording statuses in which a recording still captures (or will resume capturing) audio. */
export const ACTIVE_RECORDING_STATUSES: readonly string[] = ['in-progress', 'paused'];

function parseAttributes(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Fall through: a task whose attributes are not a JSON object is treated as empty, and the merge
    // below will only ever add to it.
  }
  return {};
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === wanted) return String(value);
  }
  return undefined;
}

function toRecording(r: {
  sid: string;
  callSid: string;
  status: string;
  startTime: Date | null;
  dateCreated: Date | null;
}): RecordingInfo {
  return {
    sid: r.sid,
    callSid: r.callSid,
    status: r.status,
    startTime: r.startTime ?? null,
    dateCreated: r.dateCreated ?? null,
  };
}

/**
 * SDK calls retried under `deadline` (the gateway's retry policy), whatever they throw turned into a
 * {@link TwilioApiError}: the one way a gateway of the Functions calls Twilio.
 */
export function retryingUnder(deadline: Deadline): <T>(operation: () => Promise<T>) => Promise<T> {
  return <T>(operation: () => Promise<T>): Promise<T> =>
    withRetry(
      async () => {
        try {
          return await operation();
        } catch (error) {
          throw toTwilioApiError(error);
        }
      },
      { deadline },
    );
}

/** A {@link TwilioGateway} over the real SDK: every call retried under the request's deadline. */
export function createTwilioGateway(
  client: twilio.Twilio,
  workspaceSid: string,
  deadline: Deadline,
  media?: Pick<Config, 'credentials' | 'region' | 'edge'>,
): TwilioGateway {
  const run = retryingUnder(deadline);
  const workspace = () => client.taskrouter.v1.workspaces(workspaceSid);

  const listCallRecordings = async (callSid: string): Promise<RecordingInfo[]> => {
    const all = await run(() => client.calls(callSid).recordings.list({ limit: 50 }));
    return all.map(toRecording);
  };
  const listActiveRecordings = async (callSid: string): Promise<RecordingInfo[]> =>
    (await listCallRecordings(callSid)).filter((r) => ACTIVE_RECORDING_STATUSES.includes(r.status));

  return {
    accountSid: client.accountSid,

    async fetchTask(taskSid) {
      // fetchWithHttpInfo (twilio 6) exposes the response headers, and with them the ETag.
      const response = await run(() => workspace().tasks(taskSid).fetchWithHttpInfo());
      const etag = header(response.headers, 'etag');
      if (etag === undefined) {
        throw new TwilioApiError('Twilio answered the task without an ETag', 502);
      }
      return {
        sid: response.body.sid,
        assignmentStatus: response.body.assignmentStatus,
        queueSid: response.body.taskQueueSid ?? '',
        queueName: response.body.taskQueueFriendlyName ?? '',
        attributes: parseAttributes(response.body.attributes),
        etag,
      };
    },

    async updateTaskAttributes(taskSid, attributes, etag) {
      const response = await run(() =>
        workspace()
          .tasks(taskSid)
          .updateWithHttpInfo({ attributes: JSON.stringify(attributes), ifMatch: etag }),
      );
      return header(response.headers, 'etag');
    },

    async fetchReservation(taskSid, reservationSid) {
      const r = await run(() => workspace().tasks(taskSid).reservations(reservationSid).fetch());
      return { sid: r.sid, taskSid: r.taskSid, workerSid: r.workerSid, status: r.reservationStatus };
    },

    async fetchCall(callSid) {
      const c = await run(() => client.calls(callSid).fetch());
      return {
        sid: c.sid,
        status: c.status,
        from: c.from,
        to: c.to,
        direction: c.direction,
        parentCallSid: c.parentCallSid ?? null,
      };
    },

    async findTaskConference(taskSid) {
      const conferences = await run(() =>
        client.conferences.list({ friendlyName: taskSid, status: 'in-progress', limit: 20 }),
      );
      const match = conferences.find((c) => c.friendlyName === taskSid);
      return match ? { sid: match.sid } : undefined;
    },

    async fetchConference(conferenceSid) {
      try {
        const c = await run(() => client.conferences(conferenceSid).fetch());
        return { sid: c.sid, friendlyName: c.friendlyName, status: c.status };
      } catch (error) {
        if (isTwilioNotFound(error)) return undefined;
        throw error;
      }
    },

    async fetchParticipant(conferenceSid, callSid) {
      try {
        const p = await run(() => client.conferences(conferenceSid).participants(callSid).fetch());
        return {
          conferenceSid: p.conferenceSid,
          callSid: p.callSid,
          status: p.status,
          label: p.label ?? null,
        };
      } catch (error) {
        if (isTwilioNotFound(error)) return undefined;
        throw error;
      }
    },

    async listParticipants(conferenceSid) {
      const list = await run(() => client.conferences(conferenceSid).participants.list({ limit: 50 }));
      return list.map((p) => ({
        conferenceSid: p.conferenceSid,
        callSid: p.callSid,
        status: p.status,
        label: p.label ?? null,
      }));
    },

    listActiveRecordings,
    listCallRecordings,

    async fetchRecording(callSid, recordingSid) {
      try {
        return toRecording(await run(() => client.calls(callSid).recordings(recordingSid).fetch()));
      } catch (error) {
        if (isTwilioNotFound(error)) return undefined;
        throw error;
      }
    },

    async createRecording(callSid, statusCallbackUrl) {
      // A create whose answer was lost (reset, timeout) may have started a recording. Retrying blindly
      // could start a second one, so after such a failure look before creating again.
      let lookFirst = false;
      return withRetry(
        async () => {
          if (lookFirst) {
            const active = await listActiveRecordings(callSid);
            if (active.length > 0) return active[0];
          }
          try {
            return toRecording(
              await client.calls(callSid).recordings.create({
                recordingChannels: 'dual',
                recordingStatusCallback: statusCallbackUrl,
                recordingStatusCallbackMethod: 'POST',
                // No `in-progress`: create-recording writes that state itself, and Twilio's
                // in-progress callback can beat that write and is then ignored as unclaimed, so it
                // would only cost a Function run and a task read per recording.
                recordingStatusCallbackEvent: ['completed', 'absent'],
              }),
            );
          } catch (error) {
            throw toTwilioApiError(error);
          }
        },
        {
          deadline,
          beforeRetry: async (error) => {
            if (isAmbiguous(error)) lookFirst = true;
          },
        },
      );
    },

    async fetchFlexUiAttributes() {
      const configuration = await run(() => client.flexApi.v1.configuration().fetch());
      return configuration.uiAttributes ?? null;
    },

    async announceToParticipant(conferenceSid, callSid, announceUrl) {
      // An announcement is not idempotent: a request whose answer was lost may have been played, so
      // only a 429 (Twilio: "not processed, safe to retry") is tried again; anything else is a failure
      // the caller records. GET: Twilio caches an MP3 or WAV fetched with GET; TwiML works either way.
      await withRetry(
        async () => {
          try {
            await client
              .conferences(conferenceSid)
              .participants(callSid)
              .update({ announceUrl, announceMethod: 'GET' });
          } catch (error) {
            throw toTwilioApiError(error);
          }
        },
        { deadline, retryable: (error) => isTwilioStatus(error, 429) },
      );
    },

    async fetchAccountRecording(recordingSid) {
      try {
        return toRecording(await run(() => client.recordings(recordingSid).fetch()));
      } catch (error) {
        if (isTwilioNotFound(error)) return undefined;
        throw error;
      }
    },

    async mediaLocation(recordingSid, requestedChannels) {
      if (!media) throw new TwilioApiError('The gateway was built without media credentials', 500);
      return run(() => readMediaLocation(media, client.accountSid, recordingSid, requestedChannels));
    },

    async listTaskEvents(taskSid) {
      // TaskRouter lists only the last 15 minutes unless told; task attributes in events are kept 30 days.
      const startDate = new Date(Date.now() - EVENT_LOOKBACK_MS);
      const events = await run(() => workspace().events.list({ taskSid, startDate, limit: 200 }));
      return events.map((e) => ({
        sid: e.sid,
        eventType: e.eventType,
        at: e.eventDateMs ?? (e.eventDate ? e.eventDate.getTime() : 0),
        data: isRecord(e.eventData) ? e.eventData : {},
      }));
    },

    async listTaskReservations(taskSid) {
      const list = await run(() => workspace().tasks(taskSid).reservations.list({ limit: 50 }));
      return list.map((r) => ({
        sid: r.sid,
        taskSid: r.taskSid,
        workerSid: r.workerSid,
        status: r.reservationStatus,
      }));
    },

    async stopRecording(callSid, recordingSid) {
      await run(() => client.calls(callSid).recordings(recordingSid).update({ status: 'stopped' }));
    },

    async deleteRecording(recordingSid) {
      await run(() => client.recordings(recordingSid).remove());
    },

    async setRecordingStatus(callSid, recordingSid, status, pauseBehavior) {
      // Setting a status is idempotent on Twilio's side, so a retry after a lost answer is harmless.
      const options = status === 'paused' ? { status, pauseBehavior } : { status };
      return toRecording(await run(() => client.calls(callSid).recordings(recordingSid).update(options)));
    },
  };
}
