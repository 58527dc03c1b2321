/**
 * Voice Intelligence transcripts end to end: the compiled recording-status Function under twilio-run
 * receives the sandbox's signed `completed` callback, asks the sandbox's Intelligence API (validated
 * against twilio_intelligence_v2.json) for a transcript, and notes it on the task. The mapping is
 * checked against the audio: the sandbox hears each sentence in the recording's WAV (whose channel
 * holds which party's tone), so a sentence's speaker comes from the audio, and the role the
 * transcript's participants give its channel must be that speaker.
 */
import twilio from 'twilio';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import type { TranscriptView } from '@dual-channel-recording/twilio-sandbox';
import type { CallbackRecord } from '@dual-channel-recording/twilio-sandbox/state';
import { SPOKEN_BY } from '@dual-channel-recording/twilio-sandbox/transcribe';
import { installSandboxRouting } from '@dual-channel-recording/twilio-sandbox/preload';
import { postFunction, recordInboundCall } from '../helpers/functions-http';
import type { TranscriptOutcome } from '@dual-channel-recording/contract';
import { readProductAttributes } from '@dual-channel-recording/contract';

let stack: Stack;
let uninstall: () => void;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false, env: { EXCLUSIONS_CACHE_SECONDS: '0' } });
  uninstall = installSandboxRouting(stack.sandboxUrl);
}, 60_000);

afterAll(async () => {
  uninstall?.();
  await stack?.stop();
});

let service: string;
beforeEach(async () => {
  await stack.sandbox.reset();
  service = (await stack.sandbox.createIntelligenceService()).sid;
  await stack.sandbox.setFlexUiAttributes({
    dual_channel_recording: { voice_intelligence_service_sid: service },
  });
});

const rest = (): twilio.Twilio => twilio(stack.accountSid, stack.authToken);

async function answered(recordingSid: string): Promise<CallbackRecord> {
  const all = await stack.sandbox.waitForCallbacks((list) =>
    list.some(
      (c) =>
        c.recordingSid === recordingSid &&
        c.params.RecordingStatus === 'completed' &&
        c.responseStatus !== null,
    ),
  );
  return all
    .filter((c) => c.recordingSid === recordingSid && c.params.RecordingStatus === 'completed')
    .pop()!;
}

async function noteOf(taskSid: string, recordingSid: string): Promise<TranscriptOutcome | undefined> {
  return readProductAttributes((await stack.sandbox.task(taskSid)).attributes).recordings[recordingSid]
    ?.transcript;
}

async function transcriptsOf(recordingSid: string): Promise<TranscriptView[]> {
  return (await stack.sandbox.transcripts()).filter((t) => t.sourceSid === recordingSid);
}

/**
 * Every sentence with the role Twilio's transcript gives its channel and the speaker the sandbox
 * heard in the audio on that channel (from its words).
 */
async function sentencesWithRoles(transcriptSid: string) {
  const transcript = await rest().intelligence.v2.transcripts(transcriptSid).fetch();
  const participants = (
    transcript.channel as { participants: { channel_participant: number; role: string }[] }
  ).participants;
  const sentences = await rest().intelligence.v2.transcripts(transcriptSid).sentences.list();
  expect(sentences.length).toBeGreaterThan(0);
  return sentences.map((s) => ({
    channel: Number(s.mediaChannel),
    role: participants.find((p) => p.channel_participant === Number(s.mediaChannel))?.role.toLowerCase(),
    heard:
      s.transcript === SPOKEN_BY.customer
        ? 'customer'
        : s.transcript === SPOKEN_BY.agent
          ? 'agent'
          : s.transcript,
    end: Number(s.endTime),
  }));
}

/** A worker leg recorded through create-recording (channel worker). */
async function recordWorkerLeg(
  identity: string,
  existing?: { taskSid: string; reservationSid: string; workerCallSid: string; token: string },
) {
  let target = existing;
  if (!target) {
    const worker = await stack.sandbox.createWorker({ identity });
    const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
    target = {
      taskSid: call.taskSid,
      reservationSid: call.reservationSid,
      workerCallSid: call.workerCallSid!,
      token: worker.token,
    };
  }
  const created = await postFunction(stack, '/create-recording', {
    Token: target.token,
    taskSid: target.taskSid,
    reservationSid: target.reservationSid,
    callSid: target.workerCallSid,
    channel: 'worker',
  });
  expect(created.status).toBe(201);
  return { ...target, recordingSid: String(created.body.recordingSid) };
}

describe('each channel mapped to the party the audio holds', () => {
  it('customer leg: channel 1 is the customer, channel 2 the agent (named from TaskRouter), as the audio says', async () => {
    const rec = await recordInboundCall(stack, { identity: 'alice' });
    await stack.sandbox.hangup(rec.callSid);
    expect((await answered(rec.recordingSid)).responseStatus).toBe(200);
    const [t] = await transcriptsOf(rec.recordingSid);
    expect(t.channel).toEqual({
      media_properties: { source_sid: rec.recordingSid },
      participants: [
        { channel_participant: 1, role: 'Customer' },
        { channel_participant: 2, role: 'Agent', user_id: 'alice', full_name: expect.any(String) },
      ],
    });
    expect(t.customerKey).toBe(rec.taskSid);
    expect(await noteOf(rec.taskSid, rec.recordingSid)).toMatchObject({
      status: 'created',
      sid: t.sid,
      service_sid: service,
      channel_roles: ['customer', 'agent'],
      agent_identity: 'alice',
    });
    const sentences = await sentencesWithRoles(t.sid);
    for (const s of sentences) expect(s.role).toBe(s.heard);
    expect(new Set(sentences.map((s) => s.channel))).toEqual(new Set([1, 2]));
  }, 60_000);

  it('worker leg: channel 1 is the agent, channel 2 the customer, as the audio says (named although Voice Intelligence’s default happens to agree)', async () => {
    const rec = await recordWorkerLeg('alice');
    await stack.sandbox.hangup(rec.workerCallSid);
    expect((await answered(rec.recordingSid)).responseStatus).toBe(200);
    const [t] = await transcriptsOf(rec.recordingSid);
    expect((t.channel as { participants: unknown[] }).participants).toEqual([
      { channel_participant: 1, role: 'Agent', user_id: 'alice', full_name: expect.any(String) },
      { channel_participant: 2, role: 'Customer' },
    ]);
    for (const s of await sentencesWithRoles(t.sid)) expect(s.role).toBe(s.heard);
    expect(await noteOf(rec.taskSid, rec.recordingSid)).toMatchObject({
      status: 'created',
      channel_roles: ['agent', 'customer'],
    });
  }, 60_000);

  it('a transfer with customer-leg recording: one transcript, channel 2 is Agent with nobody named (two agents spoke there), matching the audio', async () => {
    const rec = await recordInboundCall(stack, { identity: 'alice' });
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    await stack.sandbox.transfer({ taskSid: rec.taskSid, toWorkerSid: bob.workerSid });
    await stack.sandbox.hangup(rec.callSid);
    await answered(rec.recordingSid);
    const found = await transcriptsOf(rec.recordingSid);
    expect(found).toHaveLength(1);
    expect((found[0].channel as { participants: unknown[] }).participants).toEqual([
      { channel_participant: 1, role: 'Customer' },
      { channel_participant: 2, role: 'Agent' },
    ]);
    for (const s of await sentencesWithRoles(found[0].sid)) expect(s.role).toBe(s.heard);
  }, 60_000);

  it('a transfer with worker-leg recording: each agent’s recording gets its own transcript naming that agent, each matching its audio', async () => {
    const first = await recordWorkerLeg('alice');
    const bob = await stack.sandbox.createWorker({ identity: 'bob' });
    const transfer = await stack.sandbox.transfer({ taskSid: first.taskSid, toWorkerSid: bob.workerSid });
    const second = await recordWorkerLeg('bob', {
      taskSid: first.taskSid,
      reservationSid: transfer.reservationSid,
      workerCallSid: transfer.workerCallSid!,
      token: bob.token,
    });
    await stack.sandbox.hangup(first.workerCallSid);
    await stack.sandbox.hangup(second.workerCallSid);
    await answered(first.recordingSid);
    await answered(second.recordingSid);
    for (const [rec, agent] of [
      [first, 'alice'],
      [second, 'bob'],
    ] as const) {
      const found = await transcriptsOf(rec.recordingSid);
      expect(found).toHaveLength(1);
      expect((found[0].channel as { participants: { user_id?: string }[] }).participants[0].user_id).toBe(
        agent,
      );
      for (const s of await sentencesWithRoles(found[0].sid)) expect(s.role).toBe(s.heard);
      expect(await noteOf(first.taskSid, rec.recordingSid)).toMatchObject({
        status: 'created',
        agent_identity: agent,
      });
    }
  }, 90_000);
});

describe('exactly once, failures recorded', () => {
  it('a retried completed callback (Twilio’s own, signed, sent again) answers 200 and makes no second transcript', async () => {
    const rec = await recordInboundCall(stack);
    await stack.sandbox.hangup(rec.callSid);
    const completed = await answered(rec.recordingSid);
    const before = await noteOf(rec.taskSid, rec.recordingSid);
    // Exactly what Twilio sent, signature included: a retry, not a new callback.
    const url = new URL(completed.url);
    const again = await postFunction(stack, `${url.pathname}${url.search}`, completed.params, {
      form: true,
      origin: null,
      headers: { 'X-Twilio-Signature': completed.signature },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'duplicate' });
    expect(await transcriptsOf(rec.recordingSid)).toHaveLength(1);
    expect(await noteOf(rec.taskSid, rec.recordingSid)).toEqual(before);
  }, 60_000);

  it('the same completed callback twice at once (a retry racing the first): both 200, one transcript, noted once', async () => {
    // The first delivery runs with transcripts off, so the two replays below race for the create.
    await stack.sandbox.setFlexUiAttributes({});
    const rec = await recordInboundCall(stack);
    await stack.sandbox.hangup(rec.callSid);
    const completed = await answered(rec.recordingSid);
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: { voice_intelligence_service_sid: service },
    });
    const url = new URL(completed.url);
    const send = () =>
      postFunction(stack, `${url.pathname}${url.search}`, completed.params, {
        form: true,
        origin: null,
        headers: { 'X-Twilio-Signature': completed.signature },
      });
    const replies = await Promise.all([send(), send()]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    const found = await transcriptsOf(rec.recordingSid);
    expect(found).toHaveLength(1);
    expect(await noteOf(rec.taskSid, rec.recordingSid)).toMatchObject({
      status: 'created',
      sid: found[0].sid,
    });
    const creates = (await stack.sandbox.requests()).filter(
      (r) => r.api === 'intelligence' && r.method === 'POST',
    );
    expect(creates.filter((r) => r.status === 202)).toHaveLength(1);
  }, 60_000);

  it('a service Twilio does not know: the callback still records the status, and the task notes create_failed with Twilio’s code', async () => {
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: { voice_intelligence_service_sid: 'GA' + 'f'.repeat(32) },
    });
    const rec = await recordInboundCall(stack);
    await stack.sandbox.hangup(rec.callSid);
    expect((await answered(rec.recordingSid)).responseStatus).toBe(200);
    const product = readProductAttributes((await stack.sandbox.task(rec.taskSid)).attributes);
    expect(product.recordings[rec.recordingSid].status).toBe('completed');
    expect(product.recordings[rec.recordingSid].transcript).toMatchObject({
      status: 'failed',
      reason: 'create_failed',
      error_code: 20404,
    });
    expect(await transcriptsOf(rec.recordingSid)).toEqual([]);
  }, 60_000);

  it('off by default: no Intelligence request at all', async () => {
    await stack.sandbox.setFlexUiAttributes({});
    const rec = await recordInboundCall(stack);
    await stack.sandbox.hangup(rec.callSid);
    await answered(rec.recordingSid);
    expect((await stack.sandbox.requests()).filter((r) => r.api === 'intelligence')).toEqual([]);
    expect(await noteOf(rec.taskSid, rec.recordingSid)).toBeUndefined();
  }, 60_000);
});

describe('paused segments (PauseBehavior skip)', () => {
  it('offsets count in the recording’s audio: paused time is not in it, so sentences end at the recording’s duration, before the call’s wall-clock span', async () => {
    const rec = await recordInboundCall(stack);
    const startedAt = Date.now();
    await rest()
      .calls(rec.callSid)
      .recordings(rec.recordingSid)
      .update({ status: 'paused', pauseBehavior: 'skip' });
    // The paused stretch must be long enough to tell apart from rounding (Twilio counts whole seconds).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await rest().calls(rec.callSid).recordings(rec.recordingSid).update({ status: 'in-progress' });
    await stack.sandbox.hangup(rec.callSid);
    const completed = await answered(rec.recordingSid);
    const wallSeconds = (Date.now() - startedAt) / 1000;
    const duration = Number(completed.params.RecordingDuration);
    const [t] = await transcriptsOf(rec.recordingSid);
    const sentences = await sentencesWithRoles(t.sid);
    expect(Math.max(...sentences.map((s) => s.end))).toBe(duration);
    expect(duration).toBeLessThan(wallSeconds);
    expect(await noteOf(rec.taskSid, rec.recordingSid)).toMatchObject({ pause_behavior: 'skip' });
  }, 60_000);
});
