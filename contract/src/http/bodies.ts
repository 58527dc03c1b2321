/**
 * The HTTP bodies of the Functions' routes, as they travel: what the plugin sends (plus its Flex
 * token as `Token`) and what each route answers on success. The Functions build these and the
 * plugin parses them, so a change here is a change to both.
 */

/** The browser routes: the plugin POSTs JSON (or a form) to `https://<serverless_domain>/<route>`. */
export type BrowserRoute = 'create-recording' | 'pause-recording' | 'resume-recording' | 'playback-recording';

/** Which party's call leg is recorded: the customer's (one recording per call) or each agent's. */
export type RecordingChannel = 'customer' | 'worker';

/** Every {@link RecordingChannel}, in the order the docs list them. */
export const RECORDING_CHANNELS: readonly RecordingChannel[] = ['customer', 'worker'];

/** True when `value` is a {@link RecordingChannel}. */
export function isRecordingChannel(value: unknown): value is RecordingChannel {
  return value === 'customer' || value === 'worker';
}

/** `POST /create-recording`: which leg of which task to record, for whose reservation. */
export interface CreateRecordingRequest {
  /** `WT…` */
  readonly taskSid: string;
  /** `WR…`, the caller's accepted reservation (Flex `ITask.sid`). */
  readonly reservationSid: string;
  /** `CA…`, the leg to record. */
  readonly callSid: string;
  readonly channel: RecordingChannel;
  /**
   * `CF…`, optional: the task's conference as Flex knows it (`task.conference.conferenceSid`). With it
   * the Function reads the participant in the same round as everything else; it checks it against
   * Twilio (friendly name = task SID, in progress), never against the task attributes.
   */
  readonly conferenceSid?: string;
  /**
   * Which try of this request it is, counted from 1 by the plugin's client among the tries the
   * Function may have run (a try the Functions' gateway refused with 429 is not counted: the Function
   * never ran, and the Functions answer no code with 429). A retry (2 or more) makes the Function look
   * for a recording an earlier try may have started before it failed; absent (an older plugin), it
   * always looks. It can only add that look: a leg the task attributes already name
   * is looked up on every try.
   */
  readonly attempt?: number;
  /**
   * `CA…`, optional: the customer's call as Flex knows it, sent with the `worker` channel for a task
   * without `call_sid` (a Flex-initiated outbound call), so the Function can fill `call_sid` in the
   * same round as its other reads. Checked against Twilio (a connected participant of the task's
   * conference that is not a Flex client) before it is written; never trusted as sent.
   */
  readonly customerCallSid?: string;
}

/** create-recording's success body: 201 for a recording it started, 200 with `alreadyRecording: true`. */
export interface CreateRecordingResponse {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly channel: RecordingChannel;
  /** Twilio's recording status (`in-progress`, or `paused` for an already running one). */
  readonly status: string;
  /** ISO 8601, or null while Twilio has not reported a start time. */
  readonly startTime: string | null;
  /** The recording's REST URL, as the Flex Insights media entry names it. */
  readonly mediaUrl: string;
  readonly alreadyRecording: boolean;
  /**
   * The consent announcement this start played to the customer (only the request that started the
   * recording announces; absent when no announcement applies). `failed` is also on the task.
   */
  readonly consent?: ConsentResult;
}

/** What became of a consent announcement, as a route answers it. */
export interface ConsentResult {
  readonly status: 'announced' | 'failed';
  /** Twilio's error code when the announcement could not be asked for. */
  readonly twilioCode?: number;
  /** The admin chose to stop the recording on failure, and it was stopped. */
  readonly recordingStopped?: boolean;
}

/**
 * `GET /playback-recording` (the Insights player's `url_provider`): where to play the recording from.
 * The body Twilio documents ("Secure Playback of Recordings from Custom Storage": the player "expects
 * a response containing a direct link to the media in the following format: `{ "media_url":
 * "https://link/to/recording" }`"); any other shape plays nothing.
 */
export interface PlaybackResponse {
  /** A short-lived link that carries its own authorization: the player loads it with no credentials. */
  readonly media_url: string;
}

/** `pause-recording` or `resume-recording`. */
export type ControlAction = 'pause' | 'resume';

/** The route of each {@link ControlAction}. */
export const CONTROL_ROUTES: Readonly<Record<ControlAction, BrowserRoute>> = {
  pause: 'pause-recording',
  resume: 'resume-recording',
};

/** `POST /pause-recording` and `/resume-recording`: the recorded leg of a task. */
export interface ControlRecordingRequest {
  /** `WT…` */
  readonly taskSid: string;
  /** `WR…`, the caller's own accepted reservation; a token with a `PAUSE_ROLES` role may leave it out. */
  readonly reservationSid?: string;
  /** The recorded leg: what create-recording answered as `callSid`. */
  readonly callSid: string;
  /** `CF…`, optional, as for {@link CreateRecordingRequest.conferenceSid}. */
  readonly conferenceSid?: string;
}

/** pause/resume's 200 body; `changed: false` when the recording already was in that state. */
export interface ControlRecordingResponse {
  readonly recordingSid: string;
  readonly callSid: string;
  readonly status: 'paused' | 'in-progress';
  readonly changed: boolean;
  /** A resume that changed Twilio's state: the consent announcement, when `on_resume` asks for it. */
  readonly consent?: ConsentResult;
}

/** What a status callback did to the task (recording-status's 200 body says so; Twilio needs only the 200). */
export type StatusOutcome =
  /** The recording's entry changed. */
  | 'recorded'
  /** A replay: the entry already says this. */
  | 'duplicate'
  /** Older than what the task holds (a late in-progress after completed): ignored. */
  | 'stale'
  /** Not the recording claimed on the task (a duplicate start that was stopped): ignored. */
  | 'unclaimed'
  /**
   * A completed recording of an ended call that no request named (its create landed after every
   * request of that leg gave up): named on the task now, as create-recording would have.
   */
  | 'adopted'
  /** A status we do not track (Twilio may add some): ignored. */
  | 'ignored_status'
  /** The task is gone (deleted ~5 minutes after completion): answered 200 so Twilio stops. */
  | 'task_deleted';

/** `POST /recording-status` (Twilio's signed callback): the 200 body. */
export interface RecordingStatusResponse {
  readonly outcome: StatusOutcome;
  readonly recordingSid: string;
  readonly status: string;
}
