/**
 * Concurrent pause and resume over HTTP (issue 11, item 2): the built Functions under twilio-run
 * (in one process, so twenty requests really run at once) against the sandbox, whose fault rules
 * hold back Twilio's recording writes, the task writes and the reads by random delays. The oracle
 * replays the sandbox's own record of what happened, in the one order it numbers every task write
 * and recording status change with, and checks the PCI invariant at every step: the task never says
 * paused while Twilio records. Once the requests are done, the task's flag, Twilio's status and the
 * last change agree, and no lease is left behind.
 */
import type { Stack } from '@dual-channel-recording/local-stack';
import type { RecordingView, TaskView } from '@dual-channel-recording/twilio-sandbox';
import {
  postFunction,
  recordInboundCall,
  waitForInFlight,
  type RecordedCall,
  type Reply,
} from '../helpers/functions-http';
import { withStack } from '../helpers/stack';

let stack: Stack;
withStack((started) => (stack = started));

function control(action: 'pause' | 'resume', leg: RecordedCall): Promise<Reply> {
  return postFunction(stack, `/${action}-recording`, {
    Token: leg.worker.token,
    taskSid: leg.taskSid,
    reservationSid: leg.reservationSid,
    callSid: leg.callSid,
    conferenceSid: leg.call.conferenceSid,
  });
}

interface ProductKey {
  recordings?: Record<string, { paused?: boolean }>;
  leases?: Record<string, unknown>;
  audit?: { action: string }[];
}

function productKey(attributes: Record<string, unknown> | string): ProductKey {
  const parsed =
    typeof attributes === 'string' ? (JSON.parse(attributes) as Record<string, unknown>) : attributes;
  return (parsed.dual_channel_recording ?? {}) as ProductKey;
}

/**
 * Replays task writes and recording status changes in the sandbox's order and returns every moment
 * the task said paused while Twilio did not have the recording paused.
 */
function violations(task: TaskView, recording: RecordingView): string[] {
  type Event = { seq: number; flag?: boolean; status?: string };
  const events: Event[] = [
    ...task.history.map((h) => ({
      seq: h.seq,
      flag: productKey(h.attributes).recordings?.[recording.sid]?.paused === true,
    })),
    ...recording.statusHistory.map((c) => ({ seq: c.seq, status: c.status })),
  ].sort((a, b) => a.seq - b.seq);
  let flag = false;
  let status = 'none';
  const found: string[] = [];
  for (const event of events) {
    if (event.flag !== undefined) flag = event.flag;
    if (event.status !== undefined) status = event.status;
    if (flag && status !== 'paused') found.push(`#${event.seq}: task says paused, Twilio ${status}`);
  }
  return found;
}

async function finalState(leg: RecordedCall): Promise<{ task: TaskView; recording: RecordingView }> {
  const task = await stack.sandbox.task(leg.taskSid);
  const recording = (await stack.sandbox.recordings()).find((r) => r.sid === leg.recordingSid)!;
  return { task, recording };
}

function expectAgreement(task: TaskView, recording: RecordingView): void {
  const key = productKey(task.attributes);
  expect(key.leases?.[recording.sid]).toBeUndefined();
  expect(key.recordings?.[recording.sid]?.paused === true).toBe(recording.status === 'paused');
  const last = key.audit?.[key.audit.length - 1]?.action;
  if (last !== undefined) expect(recording.status).toBe(last === 'pause' ? 'paused' : 'in-progress');
}

/** Holds back writes (and some reads) by random delays: every write may land late. */
async function delayEverything(): Promise<void> {
  const rules = [
    { method: 'POST', api: 'taskrouter' as const, path: '/Tasks/WT[0-9a-f]{32}$' },
    { method: 'POST', api: 'api' as const, path: '/Recordings/RE[0-9a-f]{32}\\.json$' },
    { method: 'GET' },
  ];
  for (const rule of rules) {
    const reads = rule.method === 'GET';
    await stack.sandbox.addFault({ ...rule, latencyMs: reads ? 300 : 900, rate: reads ? 0.1 : 0.2 });
    await stack.sandbox.addFault({ ...rule, latencyMs: reads ? 80 : 250, rate: reads ? 0.3 : 0.4 });
  }
}

describe('pause and resume racing', () => {
  it('a pause whose task write is held back 1.5 s while a resume goes through never leaves the task saying paused while Twilio records', async () => {
    const leg = await recordInboundCall(stack);
    await stack.sandbox.addFault({
      method: 'POST',
      api: 'taskrouter',
      path: `/Tasks/${leg.taskSid}$`,
      latencyMs: 1500,
      times: 1,
    });
    const pause = control('pause', leg);
    // The resume goes while the pause's task write is held in the sandbox.
    await waitForInFlight(stack, 'taskrouter', `/Tasks/${leg.taskSid}`, 'POST');
    const resume = control('resume', leg);
    const answers = await Promise.all([pause, resume]);
    for (const answer of answers) expect([200, 503]).toContain(answer.status);
    const { task, recording } = await finalState(leg);
    expect(violations(task, recording)).toEqual([]);
    expectAgreement(task, recording);
  }, 30_000);

  it('20 concurrent pause/resume requests × 8 rounds, every write held back at random: never paused on the task while Twilio records, and all agree at the end', async () => {
    await delayEverything();
    for (let round = 0; round < 8; round += 1) {
      const leg = await recordInboundCall(stack);
      const actions = Array.from({ length: 20 }, (): 'pause' | 'resume' =>
        Math.random() < 0.5 ? 'pause' : 'resume',
      );
      const answers = await Promise.all(actions.map((action) => control(action, leg)));
      for (const answer of answers) {
        // Accepted, or refused while another request held the lease (the plugin retries that).
        if (answer.status !== 200) expect(answer.body).toMatchObject({ status: 503, code: 'recording_busy' });
      }
      expect(answers.some((a) => a.status === 200)).toBe(true);
      const { task, recording } = await finalState(leg);
      expect({ round, violations: violations(task, recording) }).toEqual({ round, violations: [] });
      expectAgreement(task, recording);
    }
  }, 240_000);
});
