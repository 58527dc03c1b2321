/**
 * Playback behind "Enforce HTTP Auth on Media URLs": the Flex Insights player calls the media entry's
 * `url_provider` (this route) with the viewer's Flex token in `Authorization`, and plays the link it
 * answers as `{ "media_url": … }` (the body Twilio documents for a url_provider). The route
 * authorizes the viewer, then hands over the short-lived link Twilio redirects an authenticated media
 * request to: the audio never passes through the Function (4 MB response cap, 10 s limit).
 *
 * Who may play: a token with one of `playback_roles` (default supervisor, admin), for any recording
 * of the account; with `playback_handling_agent`, also the agent who handled the call, judged from
 * TaskRouter's events (kept after the task is deleted), never from what an agent can write: the
 * worker had an accepted reservation on the task (TaskRouter's `reservation.accepted`), and the
 * recording is one the Functions claimed on that task (a sealed claim in the event log: written when
 * Twilio showed its call connected to the task's conference) or of the agent's own Flex client leg.
 * Not the task's `call_sid` at creation: an agent who creates an outbound task chooses it.
 */
import { ApiError } from '../http/api-error';
import type { BrowserRequest } from '../http/browser-route';
import type { FlexIdentity } from '../http/flex-token';
import type { LogFn } from '../http/log';
import type { RouteReply } from '../http/route';
import { isTwilioNotFound, isTwilioStatus } from '../twilio/errors';
import type { RecordingInfo, TaskEvent, TwilioGateway } from '../twilio/gateway';
import type {
  ComplianceSettings,
  ComplianceSettingsResult,
  PlaybackResponse,
} from '@dual-channel-recording/contract';
import { isOwnClientLeg } from '../rules/authorization';
import { requireComplianceSettings } from '../steps/flex-settings';
import { allInOrder } from '../steps/leg-reads';
import type { PlaybackParams } from '../http/route-params';
import type { TaskSeals } from '../rules/seals';
import { isClaimedInEvents } from '../rules/task-claims';
import { requestContext } from './request-context';
import { accessLogFor, grantReason } from '../access-log/access';
import type { PlaybackSubject } from '../access-log/playback-log';
import { logGrant, logRefusal } from '../access-log/playback-log';

/** How a playback was allowed. */
export type PlaybackGrant = { kind: 'role'; role: string } | { kind: 'handling_agent' };

/** What {@link playRecording} needs from the outside world. */
export interface PlaybackDeps {
  gateway: TwilioGateway;
  validateToken: (token: string) => Promise<FlexIdentity>;
  complianceSettings: () => Promise<ComplianceSettingsResult>;
  log: LogFn;
  /** The Functions' seals: a recording is the task's when a sealed claim in the event log names it. */
  seals: TaskSeals;
  /** Runs before a grant is answered (the access log); a throw refuses the grant. */
  onGranted?: (grant: PlaybackGrant, settings: ComplianceSettings) => Promise<void>;
}

function denied(message: string): ApiError {
  return new ApiError('playback_denied', message, { field: 'Token' });
}

/** True when the worker held an accepted reservation on the task (TaskRouter's `reservation.accepted`). */
export function acceptedBy(events: readonly TaskEvent[], workerSid: string): boolean {
  return events.some((e) => e.eventType === 'reservation.accepted' && e.data.worker_sid === workerSid);
}

async function authorizeHandlingAgent(
  recording: RecordingInfo,
  params: PlaybackParams,
  worker: FlexIdentity,
  gateway: TwilioGateway,
  seals: TaskSeals,
): Promise<PlaybackGrant> {
  if (params.taskSid === undefined) {
    throw denied('Only a role listed in playback_roles may play a recording without its task (taskSid)');
  }
  const [events, call] = await allInOrder<
    [TaskEvent[], Awaited<ReturnType<TwilioGateway['fetchCall']>> | undefined]
  >([
    gateway.listTaskEvents(params.taskSid),
    gateway
      .fetchCall(recording.callSid)
      .catch((e: unknown) => (isTwilioNotFound(e) ? undefined : Promise.reject(e))),
  ]);
  if (!acceptedBy(events, worker.workerSid)) {
    throw denied(`You did not handle task ${params.taskSid}, and none of your roles may play recordings`);
  }
  const ofTask =
    isClaimedInEvents(events, params.taskSid, recording.callSid, recording.sid, seals) ||
    (call !== undefined && isOwnClientLeg(call, worker.identity));
  if (!ofTask) throw denied(`Recording ${recording.sid} is not a recording of task ${params.taskSid}`);
  return { kind: 'handling_agent' };
}

/**
 * Authorizes the viewer and answers where the player can load the recording: (1) the token, alone;
 * (2) the recording and the settings; (3) for an agent, the task's events and the recorded call;
 * then the link (one media request whose redirect is read, never followed).
 */
export async function playRecording(
  params: PlaybackParams,
  token: string,
  deps: PlaybackDeps,
): Promise<PlaybackResponse> {
  const { gateway } = deps;
  const worker = await deps.validateToken(token);
  const [recording, settingsResult] = await allInOrder<[RecordingInfo | undefined, ComplianceSettingsResult]>(
    [gateway.fetchAccountRecording(params.recordingSid), deps.complianceSettings()],
  );
  const settings = requireComplianceSettings(settingsResult);
  if (!recording) {
    throw new ApiError('no_recording', `Recording ${params.recordingSid} was not found`, {
      field: 'recordingSid',
    });
  }
  const role = worker.roles.find((r) => settings.playbackRoles.includes(r));
  let grant: PlaybackGrant;
  if (role !== undefined) grant = { kind: 'role', role };
  else if (settings.playbackHandlingAgent)
    grant = await authorizeHandlingAgent(recording, params, worker, gateway, deps.seals);
  else throw denied('None of your Flex roles may play recordings (playback_roles)');

  if (recording.status !== 'completed') {
    throw new ApiError(
      'recording_not_completed',
      `Recording ${recording.sid} is ${recording.status}; it can be played once it completes`,
      {
        field: 'recordingSid',
      },
    );
  }
  // Dual channel keeps customer and agent apart; a mono recording (not ours) is asked for as it is.
  const mediaUrl = await gateway.mediaLocation(recording.sid, 2).catch((error: unknown) => {
    if (isTwilioStatus(error, 400)) return gateway.mediaLocation(recording.sid, 1);
    throw error;
  });
  // Who played what: the access log Twilio's page suggests keeping (SIDs only).
  deps.log('playback_granted', {
    recordingSid: recording.sid,
    workerSid: worker.workerSid,
    grant: grant.kind === 'role' ? `role:${grant.role}` : grant.kind,
  });
  await deps.onGranted?.(grant, settings);
  return { media_url: mediaUrl };
}

/** GET /playback-recording's work, with the real Twilio: authorize the viewer, answer `{ media_url }`. */
export async function runPlaybackRecording(request: BrowserRequest<PlaybackParams>): Promise<RouteReply> {
  const { params, token, config, log } = request;
  const { gateway, deadline, flex, seals, validateToken } = requestContext(request);
  const access = accessLogFor(config, deadline);
  const subject: PlaybackSubject = { ...params, viewer: undefined };
  try {
    const body = await playRecording(params, token, {
      gateway,
      validateToken: async (value) => (subject.viewer = await validateToken(value)),
      complianceSettings: () => flex.compliance(),
      log,
      seals,
      onGranted: (grant, settings) =>
        logGrant(access, subject, grantReason(grant), settings.playWithoutAccessLog, log),
    });
    return { status: 200, body };
  } catch (refusal) {
    await logRefusal(access, subject, refusal, log);
    throw refusal;
  }
}
