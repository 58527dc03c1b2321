import type { SandboxClient, TaskView } from '@dual-channel-recording/twilio-sandbox';
import { claimedRecording, voiceMedia } from '../harness/taskAttributes';
import type { EarlierRecording, Subject } from './callTypes';

/**
 * A cell's outcome: recorded exactly once, not recorded for a reason the agent is shown, never accepted
 * (the call ended while the reservation rang: TaskRouter canceled it and the plugin never started), or a
 * failure.
 */
export type Outcome =
  | { readonly kind: 'recorded'; readonly detail: string }
  | { readonly kind: 'named_reason'; readonly detail: string }
  | { readonly kind: 'not_accepted'; readonly detail: string }
  | { readonly kind: 'fail'; readonly detail: string };

/** Everything the oracle looks at, gathered once the cell has settled. */
export interface Evidence {
  readonly subject: Subject;
  readonly earlier?: EarlierRecording;
  readonly task: TaskView;
  /** Non-deleted recordings in the sandbox (each cell starts from a reset sandbox). */
  readonly recordings: readonly { readonly sid: string; readonly callSid: string }[];
  readonly leg: string | undefined;
  /** The indicator's `data-status` and text. */
  readonly uiStatus: string | null;
  readonly uiText: string;
  /** Attributes the concurrent writer set, which must all still be there. */
  readonly foreign: Readonly<Record<string, unknown>>;
  readonly pageErrors: readonly string[];
  /** What the Functions printed during the cell. */
  readonly functionLogs: string;
  /** The call ended before the subject accepted it. */
  readonly endedBeforeAccept: boolean;
  /** The subject's page still lists the subject's reservation. */
  readonly reservationShown: boolean;
  /** The subject's plugin called create-recording. */
  readonly pluginCalledFunction: boolean;
}

/** Gathers the sandbox's side of the evidence. */
export async function sandboxEvidence(
  sandbox: SandboxClient,
  taskSid: string,
): Promise<Pick<Evidence, 'task' | 'recordings'>> {
  const [task, recordings] = await Promise.all([sandbox.task(taskSid), sandbox.recordings()]);
  return { task, recordings: recordings.filter((r) => !r.deleted) };
}

/** Lines in the Functions' output that mean a crash rather than an answered error. */
const CRASH = /Unhandled|uncaught|^\s+at .+:\d+:\d+\)?$/im;
/** What the indicator says when the call is deliberately or unavoidably not recorded, with the why. */
const NAMED_REASON = /^(Not recorded: .{3,}|Recording failed: .{3,})$/;

/**
 * Judges one cell. Exactly one non-deleted recording of the configured leg, named by the task's media
 * entry (and the Function's claim), with the indicator saying so — or no recording, no media entry or
 * claim (nothing half-written), and the indicator naming the reason. In every case: the concurrent
 * writer's attributes are all still there, an earlier agent's recording is intact, no uncaught error
 * or unhandled rejection in the browser, no crash in the Functions.
 */
export function judge(evidence: Evidence): Outcome {
  const { subject, task, uiStatus, uiText } = evidence;
  const attributes = task.attributes;
  const problems: string[] = [];

  for (const [key, value] of Object.entries(evidence.foreign)) {
    if (JSON.stringify(attributes[key]) !== JSON.stringify(value)) problems.push(`attribute ${key} was lost`);
  }
  if (evidence.pageErrors.length > 0) problems.push(`browser: ${evidence.pageErrors.join('; ')}`);
  const crash = CRASH.exec(evidence.functionLogs);
  if (crash) problems.push(`Function log: ${crash[0].trim()}`);

  let recordings = evidence.recordings;
  if (evidence.earlier) {
    const { reservationSid, recordingSid } = evidence.earlier;
    const media = voiceMedia(attributes, reservationSid);
    if (!recordings.some((r) => r.sid === recordingSid))
      problems.push('the earlier agent’s recording is gone');
    if (media.length !== 1 || !media[0].url.endsWith(recordingSid)) {
      problems.push('the earlier agent’s media entry was lost or duplicated');
    }
    recordings = recordings.filter((r) => r.sid !== recordingSid);
  }

  const media = voiceMedia(attributes, subject.perReservation ? subject.reservationSid : undefined);
  const claim = evidence.leg === undefined ? undefined : claimedRecording(attributes, evidence.leg);
  let outcome: Outcome;
  if (evidence.endedBeforeAccept) {
    // Real Flex: the reservation's `canceled` removes the task; no taskAccepted, so no plugin work at all.
    if (recordings.length > 0 || media.length > 0 || claim !== undefined) {
      outcome = {
        kind: 'fail',
        detail: 'the call ended before accept, yet something was recorded or written',
      };
    } else if (evidence.reservationShown) {
      outcome = { kind: 'fail', detail: 'the canceled reservation is still on the agent’s screen' };
    } else if (evidence.pluginCalledFunction) {
      outcome = { kind: 'fail', detail: 'the plugin called create-recording for a call nobody accepted' };
    } else {
      outcome = { kind: 'not_accepted', detail: 'reservation canceled, task gone, no request' };
    }
  } else if (recordings.length === 1) {
    const [recording] = recordings;
    const named = media.length === 1 && media[0].url.endsWith(recording.sid) && claim === recording.sid;
    if (recording.callSid !== evidence.leg) {
      outcome = {
        kind: 'fail',
        detail: `recorded leg ${recording.callSid}, not the configured ${evidence.leg ?? '?'}`,
      };
    } else if (!named) {
      outcome = {
        kind: 'fail',
        detail: `one recording, but the task's media entry/claim does not name it (${media.length} entries)`,
      };
    } else if (uiStatus !== 'recording' && uiStatus !== 'paused' && uiStatus !== 'completed') {
      outcome = { kind: 'fail', detail: `recorded, but the indicator says "${uiText}"` };
    } else {
      outcome = { kind: 'recorded', detail: uiText };
    }
  } else if (recordings.length > 1) {
    outcome = { kind: 'fail', detail: `${recordings.length} recordings of one call` };
  } else if (media.length > 0 || claim !== undefined) {
    outcome = { kind: 'fail', detail: 'no recording, but the task names one (half-written media entry)' };
  } else if (!NAMED_REASON.test(uiText)) {
    outcome = { kind: 'fail', detail: `no recording and no named reason (indicator: "${uiText}")` };
  } else {
    outcome = { kind: 'named_reason', detail: uiText };
  }
  if (problems.length === 0) return outcome;
  return {
    kind: 'fail',
    detail: [outcome.kind === 'fail' ? outcome.detail : '', ...problems].filter(Boolean).join('; '),
  };
}
