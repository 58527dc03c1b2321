/**
 * What the audit reads, and why these records: tasks vanish minutes after they complete, so the
 * audit reads only what Twilio keeps afterwards. TaskRouter's event log (`/Workspaces/{WS}/Events`,
 * task attributes kept 30 days) names every voice task with its queue and attributes at creation,
 * when an agent accepted it, whether it was canceled, and each attribute write (where the product's
 * claims and recording states appear); the Recordings and Calls APIs say what was recorded, whether
 * it failed and when the caller hung up; the Flex configuration holds the admin's exclusions.
 */
import type {
  ExclusionSettings,
  LegClaim,
  MediaRepair,
  TranscriptOutcome,
} from '@dual-channel-recording/contract';
import {
  PRODUCT_ATTRIBUTE_KEY,
  isRecord,
  parseExclusionSettings,
  parseVoiceIntelligenceSettings,
  readProductAttributes,
} from '@dual-channel-recording/contract';
import type { TaskSeals } from 'dual-channel-rec-serverless/seals';
import { isSealedClaim, isSealedStop } from 'dual-channel-rec-serverless/seals';
import { rolesOf } from '../transcripts';
import type { TaskBinding } from '../task-binding';
import { bindingOfCall } from '../task-binding';
import { ConfigError } from '../errors';
import type { RecordingMeta, TaskEventMeta, TwilioGateway } from '../twilio-gateway';
import type { ConversationFacts, StopFact, TranscriptCheck, UnverifiedRecording } from './classify';
import { EXPLAINING_STOP_REASONS } from './classify';

/** How long after the window the log is read for the window's tasks' later events. */
export const FOLLOW_UP_MS = 24 * 60 * 60 * 1000;

function attributesOf(event: TaskEventMeta): Record<string, unknown> | null {
  const raw = event.data.task_attributes;
  if (typeof raw !== 'string') return isRecord(raw) ? raw : null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The admin's exclusions as set now; malformed settings are a configuration problem. */
export async function readExclusions(gateway: TwilioGateway): Promise<ExclusionSettings> {
  const parsed = parseExclusionSettings(await gateway.fetchFlexUiAttributes());
  if (!parsed.ok) {
    const [first] = parsed.problems;
    throw new ConfigError(`the Flex setting ${first.setting} ${first.reason}`);
  }
  return parsed.settings;
}

/**
 * Whether completed recordings should have a transcript: the Voice Intelligence setting as set now
 * (a malformed one is a configuration problem, as for the exclusions).
 */
export async function readTranscriptsOn(gateway: TwilioGateway): Promise<boolean> {
  const parsed = parseVoiceIntelligenceSettings(await gateway.fetchFlexUiAttributes());
  if (!parsed.ok) {
    const [first] = parsed.problems;
    throw new ConfigError(`the Flex setting ${first.setting} ${first.reason}`);
  }
  return parsed.serviceSid !== undefined;
}

/**
 * The transcript of a completed recording, judged by Twilio (its transcripts of the recording, and
 * the roles their participants give channels 1 and 2 for the leg recorded), with the reason the
 * recording-status Function noted when there is none (the last note in the log: an agent can remove
 * it from the task, not from the log).
 */
async function checkTranscript(
  recordingSid: string,
  leg: 'customer' | 'worker',
  note: TranscriptOutcome | undefined,
  gateway: TwilioGateway,
): Promise<TranscriptCheck> {
  const [transcript] = await gateway.transcriptsOf(recordingSid);
  const expected = leg === 'customer' ? ['customer', 'agent'] : ['agent', 'customer'];
  if (transcript) {
    const roles = rolesOf(transcript);
    const right = roles['1'] === expected[0] && roles['2'] === expected[1];
    return right
      ? { recordingSid, status: 'ok', transcriptSid: transcript.sid, reason: null, twilioCode: null }
      : {
          recordingSid,
          status: 'mislabelled',
          transcriptSid: transcript.sid,
          reason: note?.reason ?? null,
          twilioCode: null,
        };
  }
  if (note?.status === 'failed')
    return {
      recordingSid,
      status: 'failed',
      transcriptSid: null,
      reason: note.reason ?? null,
      twilioCode: note.error_code ?? null,
    };
  return { recordingSid, status: 'missing', transcriptSid: null, reason: null, twilioCode: null };
}

/** Asks Twilio whether a call is tied to the task, once per call. */
type BindingOf = (callSid: string) => Promise<TaskBinding>;

/**
 * Splits the recordings found for task `taskSid` into those that count and those that do not. The
 * claims and the task's `call_sid` are attributes an agent can write, so a recording counts only when
 * a claim carrying the Functions' seal names it on its own call, or Twilio ties its call to the task
 * (the call was in the task's conference); otherwise it is kept aside with the reason.
 */
async function verifyRecordings(
  taskSid: string,
  found: readonly RecordingMeta[],
  claims: readonly (readonly [string, LegClaim])[],
  seals: TaskSeals,
  bindingOf: BindingOf,
): Promise<{ counted: RecordingMeta[]; unverified: UnverifiedRecording[] }> {
  const sealed = new Set(
    claims
      .filter(([callSid, claim]) => isSealedClaim(seals, taskSid, callSid, claim))
      .map(([callSid, claim]) => `${callSid} ${claim.recording_sid}`),
  );
  const counted: RecordingMeta[] = [];
  const unverified: UnverifiedRecording[] = [];
  for (const recording of found) {
    if (sealed.has(`${recording.callSid} ${recording.sid}`)) {
      counted.push(recording);
      continue;
    }
    const binding = await bindingOf(recording.callSid);
    if (binding.tied) counted.push(recording);
    else
      unverified.push({
        recordingSid: recording.sid,
        why: `no claim with a seal that verifies names it, and its call is not tied to the task (${binding.reason})`,
      });
  }
  return { counted, unverified };
}

/** The facts of one task from its events, then its recordings and customer call from Twilio. */
async function factsOf(
  taskSid: string,
  events: TaskEventMeta[],
  gateway: TwilioGateway,
  seals: TaskSeals,
  transcriptsOn: boolean,
): Promise<ConversationFacts> {
  const ordered = [...events].sort((a, b) => a.at - b.at);
  const created = ordered.find((e) => e.eventType === 'task.created')!;
  const createdAttributes = attributesOf(created);
  const accepted = ordered.find((e) => e.eventType === 'reservation.accepted');
  // The product's bookkeeping as last written (any event carrying the attributes).
  const withProduct = ordered
    .map(attributesOf)
    .filter((a): a is Record<string, unknown> => a !== null && PRODUCT_ATTRIBUTE_KEY in a);
  const product = readProductAttributes(withProduct.length > 0 ? withProduct[withProduct.length - 1] : {});
  const written = withProduct.map(readProductAttributes);
  // Every repair the sink ever wrote: an agent can remove them from the task later, not from the log.
  // Keyed by the whole note, so a later copy with another outcome (an agent's "repaired" over the
  // sink's "not_repaired") is one more note, never a replacement: a note can raise an alarm, not
  // take one back.
  const repairs = new Map<string, MediaRepair>();
  for (const attributes of written)
    for (const repair of attributes.media_repairs)
      repairs.set(
        JSON.stringify([
          repair.at,
          repair.recording_sid,
          repair.reservation_sid,
          repair.problem,
          repair.outcome,
        ]),
        repair,
      );
  // Every claim ever written (by call and recording): one removed from the task later still counts.
  const claims = new Map<string, readonly [string, LegClaim]>();
  for (const attributes of written)
    for (const [callSid, claim] of Object.entries(attributes.legs))
      if (!claims.has(`${callSid} ${claim.recording_sid}`) || isSealedClaim(seals, taskSid, callSid, claim))
        claims.set(`${callSid} ${claim.recording_sid}`, [callSid, claim]);
  const claimedBy = [...claims.values()];
  const claimed = new Set([
    ...claimedBy.map(([, c]) => c.recording_sid),
    ...written.flatMap((attributes) => Object.keys(attributes.recordings)),
  ]);
  // Every explaining stop reason ever written, with whether its seal verifies (a sealed one wins).
  const stops = new Map<string, StopFact>();
  for (const attributes of written)
    for (const [recordingSid, state] of Object.entries(attributes.recordings)) {
      if (state.stopped_by === undefined || !EXPLAINING_STOP_REASONS.includes(state.stopped_by)) continue;
      const key = `${recordingSid} ${state.stopped_by}`;
      const sealed = isSealedStop(seals, taskSid, recordingSid, state);
      if (stops.get(key)?.sealed) continue;
      stops.set(key, {
        recordingSid,
        reason: state.stopped_by,
        sealed,
        twilioCode: state.consent?.error_code ?? null,
      });
    }

  const bindings = new Map<string, Promise<TaskBinding>>();
  const bindingOf: BindingOf = (callSid) => {
    if (!bindings.has(callSid)) bindings.set(callSid, bindingOfCall(gateway, callSid, taskSid));
    return bindings.get(callSid)!;
  };
  // Named by attributes at creation, which the creator of a task chooses: it proves nothing alone.
  const customerSid =
    createdAttributes && typeof createdAttributes.call_sid === 'string' ? createdAttributes.call_sid : null;
  const [claimedRecordings, callRecordings, call] = await Promise.all([
    Promise.all([...claimed].map(async (sid) => ({ sid, meta: await gateway.findRecording(sid) }))),
    customerSid ? gateway.listCallRecordings(customerSid) : Promise.resolve([]),
    customerSid ? gateway.fetchCall(customerSid) : Promise.resolve(null),
  ]);
  const found = new Map<string, RecordingMeta>();
  for (const r of [...claimedRecordings.map((c) => c.meta), ...callRecordings]) if (r) found.set(r.sid, r);
  const { counted, unverified } = await verifyRecordings(
    taskSid,
    [...found.values()],
    claimedBy,
    seals,
    bindingOf,
  );
  // The call's end explains a gap only when Twilio ties the call to the task: ask only then.
  const endTime = call?.endTime ? call.endTime.getTime() : null;
  const couldExplain = accepted !== undefined && endTime !== null && endTime <= accepted.at;
  const customerCall = call
    ? { sid: call.sid, endTime, binding: couldExplain ? await bindingOf(call.sid) : null }
    : null;
  // The transcript notes as last written per recording, from every attribute write in the log.
  const notes = new Map<string, TranscriptOutcome>();
  for (const attributes of written)
    for (const [sid, state] of Object.entries(attributes.recordings))
      if (state.transcript) notes.set(sid, state.transcript);
  const legOf = (sid: string): 'customer' | 'worker' =>
    Object.values(product.legs).find((c) => c.recording_sid === sid)?.channel ??
    product.recordings[sid]?.channel ??
    'customer';
  const completedClaimed = counted
    .filter((r) => r.status === 'completed' && claimed.has(r.sid))
    .map((r) => r.sid);
  const transcripts = transcriptsOn
    ? await Promise.all(
        completedClaimed.map((sid) => checkTranscript(sid, legOf(sid), notes.get(sid), gateway)),
      )
    : [];
  const str = (key: string): string | undefined =>
    typeof created.data[key] === 'string' ? (created.data[key] as string) : undefined;
  return {
    taskSid,
    createdAt: created.at,
    createdAttributes,
    queueName: str('task_queue_name'),
    queueSid: str('task_queue_sid'),
    acceptedAt: accepted ? accepted.at : null,
    canceled: ordered.some((e) => e.eventType === 'task.canceled'),
    customerCall,
    claimedRecordingSids: [...new Set(claimedBy.map(([, c]) => c.recording_sid))],
    states: product.recordings,
    stops: [...stops.values()],
    recordings: counted,
    unverifiedRecordings: unverified,
    mediaRepairs: [...repairs.values()].sort((a, b) => a.at.localeCompare(b.at)),
    deletedRecordingSids: counted
      .filter((r) => r.status === 'deleted' && claimed.has(r.sid))
      .map((r) => r.sid),
    transcripts,
  };
}

/** Every voice task created in [since, until], with its facts (oldest first). */
export async function readConversations(
  gateway: TwilioGateway,
  since: Date,
  until: Date,
  seals: TaskSeals,
  transcriptsOn = false,
): Promise<ConversationFacts[]> {
  // Not capped at now: the API takes whole seconds, and a cap would cut off this second's events.
  const end = new Date(until.getTime() + FOLLOW_UP_MS);
  const events = await gateway.listVoiceTaskEvents(since, end);
  const byTask = new Map<string, TaskEventMeta[]>();
  for (const event of events) {
    if (event.taskSid === '') continue;
    byTask.set(event.taskSid, [...(byTask.get(event.taskSid) ?? []), event]);
  }
  const tasks = [...byTask.entries()].filter(([, list]) =>
    list.some((e) => e.eventType === 'task.created' && e.at >= since.getTime() && e.at <= until.getTime()),
  );
  const facts = await Promise.all(
    tasks.map(([taskSid, list]) => factsOf(taskSid, list, gateway, seals, transcriptsOn)),
  );
  return facts.sort((a, b) => a.createdAt - b.createdAt);
}
