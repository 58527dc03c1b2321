/**
 * Every answer of `playback-recording` goes into the access log: who (from the validated token,
 * never the token), which recording and task, granted or refused, and why. A grant is handed out
 * only once its entry is written (fail closed: 503, the player asks again) unless the admin set
 * `play_without_access_log`; a refusal stays a refusal whether or not its entry could be written.
 */
import type { AccessLogRecord, AccessLogStore, AccessLogViewer } from '@dual-channel-recording/contract';
import { appendAccessLog } from '@dual-channel-recording/contract';
import { ApiError } from '../http/api-error';
import { toApiError } from '../http/failures';
import type { LogFn } from '../http/log';

/** What a playback answer is logged about (the parameters as parsed, the viewer once validated). */
export interface PlaybackSubject {
  recordingSid: string;
  taskSid?: string;
  viewer: AccessLogViewer | undefined;
}

/** How the access log is reached for one request: the store, or why there is none. */
export type AccessLogAccess = { ok: true; store: AccessLogStore } | { ok: false; setting: string };

function record(subject: PlaybackSubject, decision: 'granted' | 'refused', reason: string): AccessLogRecord {
  return {
    at: new Date().toISOString(),
    action: 'playback',
    decision,
    reason,
    viewer: subject.viewer
      ? {
          identity: subject.viewer.identity,
          workerSid: subject.viewer.workerSid,
          roles: [...subject.viewer.roles],
        }
      : null,
    actor: null,
    recordingSid: subject.recordingSid,
    taskSid: subject.taskSid ?? null,
  };
}

function unavailable(): ApiError {
  return new ApiError(
    'access_log_unavailable',
    'The access log could not record this playback, so it is withheld; try again shortly',
    { retryAfterSeconds: 1 },
  );
}

/**
 * Writes the grant's entry before the link is answered. Throws 503 `access_log_unavailable` (or the
 * 500 naming the missing setting) when it cannot, unless `playWithoutAccessLog`.
 */
export async function logGrant(
  access: AccessLogAccess,
  subject: PlaybackSubject,
  reason: string,
  playWithoutAccessLog: boolean,
  log: LogFn,
): Promise<void> {
  try {
    if (!access.ok) {
      throw new ApiError(
        'missing_setting',
        `The Function's ${access.setting} setting is missing; an administrator must run npm run deploy`,
        { setting: access.setting },
      );
    }
    const entry = await appendAccessLog(access.store, record(subject, 'granted', reason));
    log('access_logged', { seq: entry.seq, decision: 'granted' });
  } catch (error) {
    const apiError = error instanceof ApiError ? error : unavailable();
    log('access_log_failed', {
      decision: 'granted',
      code: apiError.code,
      detail: error instanceof Error ? error.name : typeof error,
      playedAnyway: playWithoutAccessLog,
    });
    if (!playWithoutAccessLog) throw apiError;
  }
}

/** Writes a refusal's entry; a failure to write it is logged, and the refusal stands as it was. */
export async function logRefusal(
  access: AccessLogAccess,
  subject: PlaybackSubject,
  refusal: unknown,
  log: LogFn,
): Promise<void> {
  const reason = toApiError(refusal).code;
  if (!access.ok) {
    log('access_log_failed', { decision: 'refused', code: 'missing_setting', setting: access.setting });
    return;
  }
  try {
    const entry = await appendAccessLog(access.store, record(subject, 'refused', reason));
    log('access_logged', { seq: entry.seq, decision: 'refused' });
  } catch (error) {
    log('access_log_failed', {
      decision: 'refused',
      detail: error instanceof Error ? error.name : typeof error,
    });
  }
}
