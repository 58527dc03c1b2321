/**
 * The errors every route answers with: one snake_case code per reason, each with its one HTTP
 * status, and the JSON body they travel in. The Functions cannot answer a code with another status
 * (their error type is checked against {@link ERROR_STATUS}); the plugin branches on the codes.
 */
import type { Exclusion } from '../settings/exclusions';

/** Each error code and the HTTP status it is always answered with. */
export const ERROR_STATUS = {
  /** A parameter is missing, malformed, repeated or not a string (`field` names it). */
  invalid_parameter: 400,
  /** The Flex token is missing, forged, expired, from another account, or not a worker's. */
  invalid_token: 403,
  /** The browser origin is not in `ALLOWED_ORIGINS`. */
  origin_not_allowed: 403,
  reservation_not_found: 404,
  /** The reservation is another worker's. */
  reservation_not_owned: 403,
  reservation_not_accepted: 403,
  /** Twilio does not know the task (tasks vanish minutes after they complete). */
  task_not_found: 404,
  /** The call is not a live leg of the task. */
  leg_not_in_task: 403,
  /** The call is not the party `channel` names. */
  leg_channel_mismatch: 403,
  call_not_found: 404,
  /** The call ended, or the recording completed (Twilio 21220). */
  call_not_in_progress: 409,
  /** pause/resume: not the reservation's owner and no `PAUSE_ROLES` role. */
  forbidden: 403,
  /** pause/resume: no recording is claimed for that leg, or the task is gone. */
  no_recording: 404,
  /** pause/resume: another request holds the recording's lease too long; has `Retry-After`. */
  recording_busy: 503,
  /** create-recording: the admin excluded the task (`ui_attributes.dual_channel_recording`); `exclusion` says how. */
  recording_excluded: 403,
  /** playback-recording: the viewer's roles and the call's history do not allow playing this recording. */
  playback_denied: 403,
  /**
   * playback-recording: the access log could not take the entry, so the link is withheld (fail
   * closed); has `Retry-After`. `play_without_access_log` in ui_attributes turns this off.
   */
  access_log_unavailable: 503,
  /** playback-recording: the recording is still running (or was never completed), so there is nothing to play yet. */
  recording_not_completed: 409,
  /** task-events: the Event Streams sink's credentials are missing or wrong. */
  invalid_credentials: 401,
  /** recording-status: `X-Twilio-Signature` is missing or wrong. */
  invalid_signature: 403,
  /** 429/503/connection resets did not clear within the Function's deadline; has `Retry-After`. */
  twilio_unavailable: 503,
  /** Twilio refused the Function's credentials or answered something unexpected. */
  twilio_error: 502,
  missing_setting: 500,
  invalid_setting: 500,
  /** A bug; no details leak. */
  internal_error: 500,
} as const satisfies Record<string, number>;

/** The snake_case reasons the Functions answer with. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The HTTP status of an {@link ErrorCode}. */
export type ErrorStatus<C extends ErrorCode = ErrorCode> = (typeof ERROR_STATUS)[C];

/** True when `value` is one of the {@link ErrorCode}s. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

/** The JSON body of every error response. */
export interface ErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  /** The request parameter at fault. */
  field?: string;
  /** The Function setting at fault (`missing_setting`, `invalid_setting`). */
  setting?: string;
  /** Twilio's own error code, when Twilio caused it. */
  twilioCode?: number;
  /** Twilio's page about that code. */
  moreInfo?: string;
  /** `recording_excluded`: the exclusion the task matched. */
  exclusion?: Exclusion;
}
