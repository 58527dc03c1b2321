/**
 * What the audit trusts, against what the real Functions write: a consent announcement that fails
 * with `stop_recording_on_failure` on, driven through create-recording (the built Functions under
 * twilio-run behind the local gateway, against the sandbox), leaves on the task a stop whose seal the
 * CLI verifies with the shared seals and the Functions' secret rule, after the recording-status
 * callback has merged Twilio's verdict into the entry; an agent's edit of it does not verify.
 *
 * The audit's end-to-end verdict on such a conversation is in audit.test.ts (fixtures sealed with the
 * same seals): here the sandbox completes a stopped recording (at least 1 s), so the audit counts it
 * as recorded; whether Twilio keeps a recording stopped within a second (`completed`) or drops it
 * (`absent`, 16101 "duration too short") is not checked on a real account.
 */
import { readProductAttributes } from '@dual-channel-recording/contract';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { postFunction } from '@dual-channel-recording/local-stack/functions-http';
import { createTaskSeals, isSealedStop } from 'dual-channel-rec-serverless/seals';

let stack: Stack;

jest.setTimeout(60_000);

beforeAll(async () => {
  stack = await startStack({ forkProcess: false, env: { EXCLUSIONS_CACHE_SECONDS: '0' } });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** An inbound call whose customer leg create-recording records, the announcement refused by Twilio (21220). */
async function consentFailsOnStart(): Promise<{ taskSid: string; recordingSid: string }> {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const call = await stack.sandbox.inboundCall({
    workerSid: worker.workerSid,
    attributes: { direction: 'inbound' },
  });
  await stack.sandbox.refuseNextAnnouncement();
  const res = await postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid,
    channel: 'customer',
    conferenceSid: call.conferenceSid,
  });
  expect({ status: res.status, consent: res.body.consent }).toEqual({
    status: 201,
    consent: { status: 'failed', twilioCode: 21220, recordingStopped: true },
  });
  return { taskSid: call.taskSid, recordingSid: String(res.body.recordingSid) };
}

describe('a consent stop the real Functions wrote, as the audit reads it', () => {
  it("carries a stop seal the CLI verifies (the Functions' secret: the auth token), kept through the status callback; an agent's edit does not verify", async () => {
    await stack.sandbox.reset();
    await stack.sandbox.setFlexUiAttributes({
      dual_channel_recording: {
        consent_announcement: {
          url: 'https://assets.example.com/consent.mp3',
          stop_recording_on_failure: true,
        },
      },
    });
    const { taskSid, recordingSid } = await consentFailsOnStart();
    // Twilio's completed callback has reached the recording-status Function and merged into the entry.
    let entry = readProductAttributes((await stack.sandbox.task(taskSid)).attributes).recordings[
      recordingSid
    ];
    for (let i = 0; i < 50 && entry?.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      entry = readProductAttributes((await stack.sandbox.task(taskSid)).attributes).recordings[recordingSid];
    }
    expect(entry).toMatchObject({
      status: 'completed',
      stopped_by: 'consent_failed',
      consent: { status: 'failed', error_code: 21220, recording_stopped: true },
    });
    const seals = createTaskSeals(stack.authToken);
    expect(isSealedStop(seals, taskSid, recordingSid, entry)).toBe(true);
    // Not for another task, nor with the announcement's code rewritten, nor under another secret.
    expect(isSealedStop(seals, `WT${'f'.repeat(32)}`, recordingSid, entry)).toBe(false);
    expect(
      isSealedStop(seals, taskSid, recordingSid, {
        ...entry,
        consent: { ...entry.consent!, error_code: 20404 },
      }),
    ).toBe(false);
    expect(isSealedStop(createTaskSeals('k'.repeat(40)), taskSid, recordingSid, entry)).toBe(false);
  });
});
