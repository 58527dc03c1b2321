/**
 * Issue 19 §2: nothing an agent can write decides anything on the server. An agent writes their own
 * task's attributes (`ITask.setAttributes`) and chooses every attribute of a task they create
 * (`StartOutboundCall`'s `taskAttributes`), so the fixture plays that agent through the sandbox's
 * control API (`setTaskAttributes`, an outbound task created with any attributes). Each test is one
 * attack reproduced against today's code; the oracle is what happens to somebody else's recording
 * (or to the announcement the caller hears), on Twilio, not what our own bookkeeping says. The built
 * Functions under twilio-run behind the local gateway, against the sandbox.
 */
import type { Stack } from '@dual-channel-recording/local-stack';
import type { ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import { PRODUCT_ATTRIBUTE_KEY, readProductAttributes } from '@dual-channel-recording/contract';
import { deliverLatest, sinkUrl, withSinkStack } from '../helpers/event-streams';
import {
  getFunction,
  postFunction,
  recordInboundCall,
  type RecordedCall,
  type Reply,
} from '../helpers/functions-http';

let stack: Stack;
withSinkStack((started) => (stack = started));

async function recordingStatus(recordingSid: string): Promise<string> {
  return (await stack.sandbox.recordings()).find((r) => r.sid === recordingSid)?.status ?? 'missing';
}

/** What an agent can do from Flex: rewrite their own task's attributes. */
async function agentWrites(
  taskSid: string,
  change: (attributes: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const { attributes } = await stack.sandbox.task(taskSid);
  await stack.sandbox.setTaskAttributes(taskSid, change(attributes));
}

type Entries = Record<string, Record<string, unknown>>;

function product(attributes: Record<string, unknown>): Record<string, Entries> {
  return (attributes.dual_channel_recording ?? {}) as Record<string, Entries>;
}

/** Mallory creates an outbound task (StartOutboundCall) whose attributes she chose, and it is answered. */
async function outboundTaskNaming(
  callSid: string,
): Promise<{ mallory: WorkerResult; task: ScenarioResult & { customerCallSid: string } }> {
  const mallory = await stack.sandbox.createWorker({ identity: 'mallory' });
  const task = await stack.sandbox.outboundCall({
    workerSid: mallory.workerSid,
    attributes: { call_sid: callSid },
  });
  const { customerCallSid } = await stack.sandbox.answer(task.taskSid);
  return { mallory, task: { ...task, customerCallSid } };
}

/** The agent's part ends: every leg of their task hangs up, the reservation and the task wrap up. */
async function wrapUp(task: ScenarioResult & { customerCallSid?: string }): Promise<void> {
  await stack.sandbox.hangup(task.workerCallSid!);
  if (task.customerCallSid) await stack.sandbox.hangup(task.customerCallSid);
  await stack.sandbox.setReservationStatus(task.reservationSid, 'wrapping');
  await stack.sandbox.setTaskStatus(task.taskSid, 'wrapping');
}

function control(
  action: 'pause' | 'resume',
  token: string,
  fields: { taskSid: string; callSid: string; reservationSid?: string },
): Promise<Reply> {
  return postFunction(stack, `/${action}-recording`, { Token: token, ...fields });
}

describe('a task is bound to a call only by what Twilio writes, never by the call_sid an agent chose', () => {
  it('an outbound task created naming another agent’s customer call, with a claim planted on it, cannot get that recording stopped at wrap-up', async () => {
    const victim = await recordInboundCall(stack, { identity: 'alice' });
    const { task } = await outboundTaskNaming(victim.callSid);
    await agentWrites(task.taskSid, (a) => ({
      ...a,
      dual_channel_recording: {
        legs: {
          [victim.callSid]: {
            recording_sid: victim.recordingSid,
            channel: 'customer',
            reservation_sid: task.reservationSid,
          },
        },
      },
    }));
    await wrapUp(task);

    const reply = await deliverLatest(stack, task.taskSid, 'task.wrapup');
    expect(reply.status).toBe(200);
    // Alice and her customer are still talking: their recording runs on.
    expect(await recordingStatus(victim.recordingSid)).toBe('in-progress');
  }, 30_000);

  it('with playback_handling_agent on, the agent of such a task cannot play the other call’s recording', async () => {
    await stack.sandbox.setFlexUiAttributes({ dual_channel_recording: { playback_handling_agent: true } });
    await stack.sandbox.setMediaAuth(true);
    const victim = await recordInboundCall(stack, { identity: 'alice' });
    await stack.sandbox.hangup(victim.callSid);
    const { mallory, task } = await outboundTaskNaming(victim.callSid);

    const reply = await getFunction(
      stack,
      `/playback-recording?recordingSid=${victim.recordingSid}&taskSid=${task.taskSid}`,
      { Authorization: `Basic ${Buffer.from(`token:${mallory.token}`).toString('base64')}` },
    );
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'playback_denied' });
  }, 30_000);
});

describe('consent is decided from the call Twilio reports, never from the task’s direction attribute', () => {
  const CONSENT_URL = 'https://assets.example.com/consent.mp3';

  it('an agent who removes (or flips) their task’s direction before the start does not skip the announcement, and the outcome is on the task', async () => {
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: { consent_announcement: { url: CONSENT_URL, directions: ['inbound'] } },
    });
    for (const change of [
      ({ direction: _dropped, ...rest }: Record<string, unknown>) => rest,
      (a: Record<string, unknown>) => ({ ...a, direction: 'outbound' }),
    ]) {
      await stack.sandbox.reset();
      await stack.sandbox.setFlexUiAttributes({
        dual_channel_recording: { consent_announcement: { url: CONSENT_URL, directions: ['inbound'] } },
      });
      const worker = await stack.sandbox.createWorker({ identity: 'alice' });
      const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
      await agentWrites(call.taskSid, change);
      const reply = await postFunction(stack, '/create-recording', {
        Token: worker.token,
        taskSid: call.taskSid,
        reservationSid: call.reservationSid,
        callSid: call.customerCallSid,
        channel: 'customer',
        conferenceSid: call.conferenceSid,
      });
      expect(reply.status).toBe(201);
      expect(await stack.sandbox.announcements()).toEqual([
        expect.objectContaining({ callSid: call.customerCallSid, url: CONSENT_URL }),
      ]);
      const recordings = product((await stack.sandbox.task(call.taskSid)).attributes).recordings;
      expect(recordings[String(reply.body.recordingSid)].consent).toMatchObject({
        status: 'announced',
        direction: 'inbound',
      });
    }
  }, 60_000);

  it('a start the admin’s rule leaves out still writes its consent outcome, so the audit sees every start', async () => {
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: { consent_announcement: { url: CONSENT_URL, queues: ['Sales'] } },
    });
    const recorded = await recordInboundCall(stack, { identity: 'alice' });
    expect(await stack.sandbox.announcements()).toEqual([]);
    const recordings = product((await stack.sandbox.task(recorded.taskSid)).attributes).recordings;
    expect(recordings[recorded.recordingSid].consent).toMatchObject({
      status: 'not_required',
      on: 'start',
      direction: 'inbound',
    });
  }, 30_000);
});

describe('leases and claims steer the server only when the Functions wrote them', () => {
  it('a lease an agent plants cannot hold off a supervisor’s pause: Twilio pauses at once', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    await agentWrites(alice.taskSid, (a) => ({
      ...a,
      dual_channel_recording: {
        ...product(a),
        leases: { [alice.recordingSid]: { id: 'mine', action: 'resume', until: Date.now() + 19_000 } },
      },
    }));
    const reply = await control('pause', supervisor.token, {
      taskSid: alice.taskSid,
      callSid: alice.callSid,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'paused', changed: true });
    expect(await recordingStatus(alice.recordingSid)).toBe('paused');
  }, 30_000);

  it('a lease the Functions really took, copied by the agent and planted back after it was given back, cannot hold off a supervisor’s pause either', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    // Alice's own pause takes a real lease; she reads it from her task while it is held.
    const fault = await stack.sandbox.addFault({
      api: 'api',
      path: `/Recordings/${alice.recordingSid}\\.json$`,
      latencyMs: 700,
      times: 2,
    });
    const pausing = control('pause', alice.worker.token, alice);
    let copied: unknown;
    for (let i = 0; i < 100 && copied === undefined; i += 1) {
      copied = product((await stack.sandbox.task(alice.taskSid)).attributes).leases?.[alice.recordingSid];
      if (copied === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    expect(copied).toBeDefined();
    expect((await pausing).status).toBe(200);
    await stack.sandbox.removeFault(fault);
    expect((await control('resume', alice.worker.token, alice)).status).toBe(200);
    await agentWrites(alice.taskSid, (a) => ({
      ...a,
      dual_channel_recording: { ...product(a), leases: { [alice.recordingSid]: copied } },
    }));

    const reply = await control('pause', supervisor.token, {
      taskSid: alice.taskSid,
      callSid: alice.callSid,
    });
    expect(reply.status).toBe(200);
    expect(await recordingStatus(alice.recordingSid)).toBe('paused');
  }, 30_000);

  it('a claim pointed at another system’s recording of the same call neither gets that recording stopped at the end nor spares ours', async () => {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    // Another system records the same customer call (its own REST request with the account's credentials).
    const auth = Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64');
    const res = await fetch(
      `${stack.sandboxUrl}/2010-04-01/Accounts/${stack.accountSid}/Calls/${alice.callSid}/Recordings.json`,
      {
        method: 'POST',
        headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'RecordingChannels=dual',
      },
    );
    expect(res.status).toBe(201);
    const other = ((await res.json()) as { sid: string }).sid;
    await agentWrites(alice.taskSid, (a) => {
      const p = product(a);
      return {
        ...a,
        dual_channel_recording: {
          ...p,
          legs: {
            [alice.callSid]: {
              recording_sid: other,
              channel: 'customer',
              reservation_sid: alice.reservationSid,
            },
          },
        },
      };
    });
    // Alice leaves; the customer stays on the line (a post-call survey).
    await stack.sandbox.hangup(alice.call.workerCallSid!);
    await stack.sandbox.setReservationStatus(alice.reservationSid, 'wrapping');
    await stack.sandbox.setTaskStatus(alice.taskSid, 'wrapping');

    const reply = await deliverLatest(stack, alice.taskSid, 'task.wrapup');
    expect(reply.status).toBe(200);
    expect(await recordingStatus(other)).toBe('in-progress');
    expect(await recordingStatus(alice.recordingSid)).toBe('completed');
  }, 30_000);
});

describe('an agent who deletes a recorded leg from their task cannot keep that recording running through a pause', () => {
  function basicAuth(): string {
    return `Basic ${Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64')}`;
  }

  /** TaskRouter's task update with If-Match on the ETag just read: the write an agent's Flex makes. */
  async function writeOverTaskRouter(
    taskSid: string,
    change: (attributes: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<void> {
    const url = `${stack.sandboxUrl}/v1/Workspaces/${stack.workspaceSid}/Tasks/${taskSid}`;
    const read = await fetch(url, { headers: { Authorization: basicAuth() } });
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    const { attributes } = (await read.json()) as { attributes: string };
    const written = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(),
        'Content-Type': 'application/x-www-form-urlencoded',
        'If-Match': etag,
      },
      body: new URLSearchParams({
        Attributes: JSON.stringify(change(JSON.parse(attributes) as Record<string, unknown>)),
      }),
    });
    expect(written.status).toBe(200);
  }

  /** A recording of the call made with the account's credentials through the Recordings API. */
  async function recordAgain(callSid: string): Promise<string> {
    const res = await fetch(
      `${stack.sandboxUrl}/2010-04-01/Accounts/${stack.accountSid}/Calls/${callSid}/Recordings.json`,
      {
        method: 'POST',
        headers: { Authorization: basicAuth(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'RecordingChannels=dual',
      },
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { sid: string }).sid;
  }

  /**
   * R1 recorded by create-recording; then the agent rewrites the task without any trace of the leg
   * (claim, lifecycle, media entry, call_sid, the conference's participants) and their plugin asks
   * again as a first try (`attempt: 1`): with nothing on the task naming the leg, create-recording
   * skips the leg's recordings list (issue 23) and records it a second time, R2, claimed on the task
   * under the Functions' seal; another system records the call as R3.
   */
  async function recordedTwice(): Promise<{ alice: RecordedCall; r1: string; r2: string; r3: string }> {
    const alice = await recordInboundCall(stack, { identity: 'alice' });
    await writeOverTaskRouter(alice.taskSid, (attributes) => {
      const {
        [PRODUCT_ATTRIBUTE_KEY]: _ours,
        call_sid: _leg,
        conversations,
        conference,
        ...rest
      } = attributes;
      const { media: _media, ...conversation } = (conversations ?? {}) as Record<string, unknown>;
      const { participants: _legs, ...room } = (conference ?? {}) as Record<string, unknown>;
      return { ...rest, conversations: conversation, conference: room };
    });
    const written = JSON.stringify((await stack.sandbox.task(alice.taskSid)).attributes);
    expect(written).not.toContain(alice.callSid);
    expect(written).not.toContain(alice.recordingSid);
    const again = await postFunction(stack, '/create-recording', {
      Token: alice.worker.token,
      taskSid: alice.taskSid,
      reservationSid: alice.reservationSid,
      callSid: alice.callSid,
      channel: 'customer',
      attempt: 1,
    });
    expect(again.status).toBe(201);
    const r2 = String(again.body.recordingSid);
    expect(r2).not.toBe(alice.recordingSid);
    const r3 = await recordAgain(alice.callSid);
    return { alice, r1: alice.recordingSid, r2, r3 };
  }

  async function statuses(...sids: string[]): Promise<string[]> {
    return Promise.all(sids.map(recordingStatus));
  }

  it('the agent’s pause pauses the first recording too (same PauseBehavior); the resume resumes the claimed one only; another system’s is never touched', async () => {
    const { alice, r1, r2, r3 } = await recordedTwice();
    expect(await statuses(r1, r2, r3)).toEqual(['in-progress', 'in-progress', 'in-progress']);

    const paused = await control('pause', alice.worker.token, alice);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ recordingSid: r2, status: 'paused', changed: true });
    expect(await statuses(r1, r2, r3)).toEqual(['paused', 'paused', 'in-progress']);
    const r1OnTwilio = (await stack.sandbox.recordings()).find((r) => r.sid === r1);
    expect(r1OnTwilio).toMatchObject({ pauseBehavior: 'skip' });
    const [entry] = readProductAttributes((await stack.sandbox.task(alice.taskSid)).attributes).audit;
    expect(entry).toMatchObject({ action: 'pause', recording_sid: r2, duplicates_paused: [r1] });

    const resumed = await control('resume', alice.worker.token, alice);
    expect(resumed.body).toMatchObject({ recordingSid: r2, status: 'in-progress', changed: true });
    expect(await statuses(r1, r2, r3)).toEqual(['paused', 'in-progress', 'in-progress']);
    expect(stack.logs()).toContain('duplicate_recording_left_paused');
  }, 30_000);

  it('a supervisor’s pause pauses both of ours, and not another system’s', async () => {
    const { alice, r1, r2, r3 } = await recordedTwice();
    const supervisor = await stack.sandbox.createWorker({ identity: 'sam', roles: ['supervisor'] });
    const reply = await control('pause', supervisor.token, {
      taskSid: alice.taskSid,
      callSid: alice.callSid,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ recordingSid: r2, status: 'paused', changed: true });
    expect(await statuses(r1, r2, r3)).toEqual(['paused', 'paused', 'in-progress']);
  }, 30_000);

  it('when the last agent leaves, the sink stops both of ours (each claim is in the event log) and not another system’s', async () => {
    await stack.sandbox.setEventSink(sinkUrl(stack), ['com.twilio.taskrouter.task.wrapup']);
    const { alice, r1, r2, r3 } = await recordedTwice();
    // Alice hangs up and wraps up; the customer stays on the line (a survey, say).
    await stack.sandbox.hangup(alice.call.workerCallSid!);
    await stack.sandbox.setReservationStatus(alice.reservationSid, 'wrapping');
    await stack.sandbox.setTaskStatus(alice.taskSid, 'wrapping');

    const reply = await deliverLatest(stack, alice.taskSid, 'task.wrapup');
    expect(reply.status).toBe(200);
    // Twilio completes a recording it was told to stop.
    expect(await statuses(r1, r2, r3)).toEqual(['completed', 'completed', 'in-progress']);
  }, 30_000);
});

describe('a media entry is the product’s, whatever the agent writes', () => {
  it('a media entry an agent points at their own server (to collect a supervisor’s Flex token) is rebuilt when the task wraps up, and the repair is listed', async () => {
    // Event Streams, as Twilio delivers it, feeds the sink (tools/twilio-sandbox/src/event-streams.ts).
    await stack.sandbox.setEventSink(sinkUrl(stack), [
      'com.twilio.taskrouter.task.wrapup',
      'com.twilio.taskrouter.task.completed',
    ]);
    const c = await recordInboundCall(stack, { identity: 'mallory' });
    const written = (await stack.sandbox.task(c.taskSid)).attributes.conversations as {
      media: Record<string, unknown>[];
    };
    const ours = written.media.find((m) => m.type === 'VoiceRecording')!;
    expect(String(ours.url_provider)).toContain(stack.functionsUrl);
    await agentWrites(c.taskSid, (a) => ({
      ...a,
      conversations: {
        ...(a.conversations as Record<string, unknown>),
        media: [{ ...ours, url_provider: 'https://mallory.example/collect' }],
      },
    }));
    await stack.sandbox.hangup(c.call.workerCallSid!);
    await stack.sandbox.setReservationStatus(c.reservationSid, 'wrapping');
    await stack.sandbox.setTaskStatus(c.taskSid, 'wrapping');
    for (;;) {
      if ((await stack.sandbox.eventDelivery()).pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    expect((await stack.sandbox.eventDeliveries()).map((d) => d.responseStatus)).toEqual([200]);
    const after = (await stack.sandbox.task(c.taskSid)).attributes;
    const media = (after.conversations as { media: Record<string, unknown>[] }).media;
    expect(media.filter((m) => m.type === 'VoiceRecording')).toEqual([ours]);
    expect(JSON.stringify(after)).not.toContain('mallory.example');
    expect(JSON.stringify(after.dual_channel_recording)).toContain('media_repairs');
  }, 30_000);
});
