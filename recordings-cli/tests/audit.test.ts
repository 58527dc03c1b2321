/**
 * `dual-channel-recordings audit` end to end: the compiled bin against the sandbox, reading only what
 * Twilio keeps after tasks are deleted (TaskRouter's event log, recordings, calls, the Flex
 * configuration). Each conversation is set up the way the Functions and Flex leave it: recordings
 * through the 2010 API, the product's claim written into the task attributes in the contract's
 * layout, then the task deleted, as TaskRouter deletes it minutes after completion.
 */
import type { LegClaim, MediaRepair, MediaRepairOutcome } from '@dual-channel-recording/contract';
import { PRODUCT_ATTRIBUTE_KEY } from '@dual-channel-recording/contract';
import { createTaskSeals, sealedClaim } from 'dual-channel-rec-serverless/seals';
import type { AuditReport } from '../src/audit/report';
import type { CliSandbox } from './helpers';
import { runCli, tempDir, withCliSandbox } from './helpers';

let s: CliSandbox;

jest.setTimeout(30_000);

withCliSandbox((started) => (s = started));

async function createRecording(callSid: string): Promise<string> {
  const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
  const res = await fetch(
    `${s.sandbox.url}/2010-04-01/Accounts/${s.sandbox.accountSid}/Calls/${callSid}/Recordings.json`,
    {
      method: 'POST',
      headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ RecordingChannels: 'dual' }),
    },
  );
  if (res.status !== 201) throw new Error(`recording create: ${res.status}`);
  return ((await res.json()) as { sid: string }).sid;
}

/**
 * Writes the claim create-recording writes (contract layout), sealed as the Functions seal it (with
 * the sandbox's auth token, their secret when STATE_SIGNING_KEY is unset), as a task.updated in the
 * log; `sealed: false` writes it the way an agent could, without a seal.
 */
async function claim(
  taskSid: string,
  callSid: string,
  recordingSid: string,
  extra: Record<string, unknown> = {},
  sealed = true,
): Promise<void> {
  const task = await s.client.task(taskSid);
  const content: LegClaim = { recording_sid: recordingSid, channel: 'customer', reservation_sid: '' };
  const legClaim = sealed
    ? sealedClaim(createTaskSeals(s.sandbox.authToken), taskSid, callSid, content)
    : content;
  await s.client.setTaskAttributes(taskSid, {
    ...task.attributes,
    [PRODUCT_ATTRIBUTE_KEY]: {
      legs: { [callSid]: legClaim },
      recordings: {
        [recordingSid]: {
          call_sid: callSid,
          channel: 'customer',
          reservation_sid: '',
          status: 'in-progress',
          paused: false,
          updated_at: '',
          ...extra,
        },
      },
    },
  });
}

async function audit(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; report: AuditReport; stderr: string }> {
  const since = new Date(Date.now() - 60_000).toISOString();
  const until = new Date(Date.now() + 60_000).toISOString();
  const run = await runCli(
    ['audit', '--since', since, '--until', until, '--json', ...args],
    { ...s.env, ...env },
    tempDir(),
  );
  return { code: run.code, report: JSON.parse(run.stdout || '{}') as AuditReport, stderr: run.stderr };
}

function row(report: AuditReport, taskSid: string) {
  const found = report.conversations.find((c) => c.taskSid === taskSid);
  if (!found) throw new Error(`no row for ${taskSid}: ${JSON.stringify(report.conversations)}`);
  return found;
}

describe('dual-channel-recordings audit', () => {
  it('gives every conversation of the window a verdict from records that outlive the task, with the reason for each gap', async () => {
    await s.client.setFlexUiAttributes({ dual_channel_recording: { exclude_queues: ['Medical'] } });

    // Recorded, then the task deleted: the event log and the recording still tell.
    const recorded = await s.client.inboundCall({ workerSid: s.workerSid });
    const recordingSid = await createRecording(recorded.customerCallSid!);
    await claim(recorded.taskSid, recorded.customerCallSid!, recordingSid);
    await s.client.completeRecording(recordingSid, 3);
    await s.client.deleteTask(recorded.taskSid);

    const excluded = await s.client.inboundCall({ workerSid: s.workerSid, queueName: 'Medical' });

    const hungUp = await s.client.inboundCall({ workerSid: s.workerSid, reservationStatus: 'pending' });
    await s.client.hangup(hungUp.customerCallSid!);
    await s.client.setTaskStatus(hungUp.taskSid, 'canceled');

    const failed = await s.client.inboundCall({ workerSid: s.workerSid });
    const failedSid = await createRecording(failed.customerCallSid!);
    await claim(failed.taskSid, failed.customerCallSid!, failedSid);
    await s.client.markRecordingAbsent(failedSid, 16101);

    const neverAsked = await s.client.inboundCall({ workerSid: s.workerSid });

    const { code, report } = await audit();
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({
      conversations: 5,
      recorded: 1,
      explainedGaps: 4,
      unexplainedGaps: 0,
    });
    expect(row(report, recorded.taskSid)).toMatchObject({
      recorded: true,
      recordingSids: [recordingSid],
      gap: null,
    });
    expect(row(report, recorded.taskSid).headSeconds).toBeGreaterThanOrEqual(0);
    expect(row(report, excluded.taskSid).gap).toMatchObject({ reason: 'excluded' });
    expect(row(report, hungUp.taskSid).gap).toMatchObject({ reason: 'caller_hung_up_first' });
    expect(row(report, failed.taskSid).gap).toMatchObject({ reason: 'recording_failed', twilioCode: 16101 });
    expect(row(report, neverAsked.taskSid).gap).toMatchObject({ reason: 'plugin_never_asked' });
  });

  it("counts a recording its sealed claim names once Twilio no longer shows the call in the conference, with the Functions' secret rule (STATE_SIGNING_KEY, else the auth token)", async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const sid = await createRecording(call.customerCallSid!);
    await claim(call.taskSid, call.customerCallSid!, sid);
    await s.client.completeRecording(sid, 3);
    // The call over: the Participants list forgets it, and without Voice Insights nothing ties it.
    await s.client.hangup(call.customerCallSid!);

    const sealedWithToken = await audit();
    expect(sealedWithToken.code).toBe(0);
    expect(row(sealedWithToken.report, call.taskSid)).toMatchObject({ recorded: true, recordingSids: [sid] });

    // With a STATE_SIGNING_KEY (the Functions' secret when set) the auth token's seal is not theirs.
    const otherKey = await audit([], { STATE_SIGNING_KEY: 'k'.repeat(40) });
    expect(otherKey.code).toBe(1);
    expect(row(otherKey.report, call.taskSid)).toMatchObject({ recorded: false, gap: { reason: null } });
    expect(row(otherKey.report, call.taskSid).gap!.detail).toContain(
      `claimed recording not verifiable: ${sid}`,
    );
  });

  it('does not count a recording an agent-written claim names (unsealed, or sealed for another task): not recorded, the reason shown, exit 1', async () => {
    const real = await s.client.inboundCall({ workerSid: s.workerSid });
    const realSid = await createRecording(real.customerCallSid!);
    await claim(real.taskSid, real.customerCallSid!, realSid);
    await s.client.completeRecording(realSid, 3);

    // An agent writes on their unrecorded task a claim naming the other call's recording, unsealed…
    const forged = await s.client.inboundCall({ workerSid: s.workerSid });
    await claim(forged.taskSid, real.customerCallSid!, realSid, {}, false);
    // …or copies the other task's sealed claim (its seal covers that task, not this one).
    const copied = await s.client.inboundCall({ workerSid: s.workerSid });
    const realClaims = ((await s.client.task(real.taskSid)).attributes as Record<string, unknown>)[
      PRODUCT_ATTRIBUTE_KEY
    ];
    await s.client.setTaskAttributes(copied.taskSid, {
      ...(await s.client.task(copied.taskSid)).attributes,
      [PRODUCT_ATTRIBUTE_KEY]: realClaims,
    });

    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, real.taskSid)).toMatchObject({ recorded: true, recordingSids: [realSid], gap: null });
    for (const taskSid of [forged.taskSid, copied.taskSid]) {
      expect(row(report, taskSid)).toMatchObject({
        recorded: false,
        recordingSids: [],
        gap: { reason: null },
      });
      expect(row(report, taskSid).gap!.detail).toContain(`claimed recording not verifiable: ${realSid}`);
      expect(row(report, taskSid).gap!.detail).toContain('not tied to the task');
    }
  });

  it('does not count the recordings of another call a task created with its call_sid names: not recorded, exit 1', async () => {
    const real = await s.client.inboundCall({ workerSid: s.workerSid });
    const realSid = await createRecording(real.customerCallSid!);
    await claim(real.taskSid, real.customerCallSid!, realSid);

    // A task whose creator chose its attributes: call_sid names the recorded call of another task.
    const planted = await s.client.inboundCall({
      workerSid: s.workerSid,
      attributes: { call_sid: real.customerCallSid },
    });

    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, real.taskSid)).toMatchObject({ recorded: true, recordingSids: [realSid] });
    expect(row(report, planted.taskSid)).toMatchObject({
      recorded: false,
      recordingSids: [],
      gap: { reason: null },
    });
    expect(row(report, planted.taskSid).gap!.detail).toContain(
      `claimed recording not verifiable: ${realSid}`,
    );
  });

  it('exits 1 on a gap without a reason: the task claims a recording Twilio never had', async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    await claim(call.taskSid, call.customerCallSid!, `RE${'9'.repeat(32)}`);
    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, call.taskSid).gap).toMatchObject({ reason: null });
    expect(report.summary.unexplainedGaps).toBe(1);
  });

  it('counts a recording deleted after download (--delete-after) as recorded', async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const sid = await createRecording(call.customerCallSid!);
    await claim(call.taskSid, call.customerCallSid!, sid);
    await s.client.completeRecording(sid, 2);
    const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
    await fetch(`${s.sandbox.url}/2010-04-01/Accounts/${s.sandbox.accountSid}/Recordings/${sid}.json`, {
      method: 'DELETE',
      headers: { Authorization: `Basic ${auth}` },
    });
    const { code, report } = await audit();
    expect(code).toBe(0);
    expect(row(report, call.taskSid)).toMatchObject({ recorded: true, recordingSids: [sid] });
  });

  it('prints a table with one row per conversation and the reason for each gap', async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const since = new Date(Date.now() - 60_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    const run = await runCli(['audit', '--since', since, '--until', until], s.env, tempDir());
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^1 voice conversation\(s\) .*: 0 recorded, 1 not recorded for a known reason, 0 not recorded without a reason$/,
    );
    expect(lines[1]).toMatch(/TASK\s+DIRECTION\s+QUEUE\s+CONNECTED\s+RECORDED\s+HEAD\s+REASON/);
    expect(lines[2]).toContain(call.taskSid);
    expect(lines[2]).toContain('plugin_never_asked');
  });

  /** Writes a repair as the Event Streams sink records it (`media_repairs[]`), as a task.updated. */
  async function sinkRepaired(
    taskSid: string,
    recordingSid: string,
    outcome: MediaRepairOutcome,
  ): Promise<void> {
    const task = await s.client.task(taskSid);
    const product = task.attributes[PRODUCT_ATTRIBUTE_KEY] as Record<string, unknown>;
    const repair: MediaRepair = {
      at: new Date().toISOString(),
      recording_sid: recordingSid,
      reservation_sid: '',
      problem: 'url_provider is not this service’s playback route',
      outcome,
    };
    await s.client.setTaskAttributes(taskSid, {
      ...task.attributes,
      [PRODUCT_ATTRIBUTE_KEY]: { ...product, media_repairs: [repair] },
    });
  }

  it('reports every media entry the sink repaired, even after an agent removed the record of it, and exits 1 on one it could not', async () => {
    const repaired = await s.client.inboundCall({ workerSid: s.workerSid });
    const repairedSid = await createRecording(repaired.customerCallSid!);
    await claim(repaired.taskSid, repaired.customerCallSid!, repairedSid);
    await sinkRepaired(repaired.taskSid, repairedSid, 'repaired');
    // The agent wipes the sink's note from their task: TaskRouter's event log still holds it.
    const wiped = await s.client.task(repaired.taskSid);
    const { media_repairs: _gone, ...rest } = wiped.attributes[PRODUCT_ATTRIBUTE_KEY] as Record<
      string,
      unknown
    >;
    await s.client.setTaskAttributes(repaired.taskSid, {
      ...wiped.attributes,
      [PRODUCT_ATTRIBUTE_KEY]: rest,
    });

    const first = await audit();
    expect(first.code).toBe(0);
    expect(first.report.summary).toMatchObject({ mediaRepaired: 1, mediaNotRepaired: 0 });
    expect(row(first.report, repaired.taskSid).mediaRepairs).toEqual([
      expect.objectContaining({ recording_sid: repairedSid, outcome: 'repaired' }),
    ]);

    const stuck = await s.client.inboundCall({ workerSid: s.workerSid });
    const stuckSid = await createRecording(stuck.customerCallSid!);
    await claim(stuck.taskSid, stuck.customerCallSid!, stuckSid);
    await sinkRepaired(stuck.taskSid, stuckSid, 'not_repaired');
    const second = await audit();
    expect(second.code).toBe(1);
    expect(second.report).toMatchObject({ ok: false, summary: { mediaRepaired: 1, mediaNotRepaired: 1 } });

    const since = new Date(Date.now() - 60_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    const text = await runCli(['audit', '--since', since, '--until', until], s.env, tempDir());
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('1 task(s) repaired, 1 not repaired');
    expect(text.stdout).toMatch(new RegExp(`✗ ${stuck.taskSid}  ${stuckSid} .* not_repaired: url_provider`));
  });

  it('answers usage errors with 2 and a missing workspace with 3', async () => {
    expect((await runCli(['audit', '--since', '2026-01-01'], s.env, tempDir())).code).toBe(2);
    const { TWILIO_WORKSPACE_SID: _ws, ...noWorkspace } = s.env;
    expect(
      (await runCli(['audit', '--since', '2026-01-01', '--until', '2026-01-02'], noWorkspace, tempDir()))
        .code,
    ).toBe(3);
  });
});

describe('audit: a gap is explained only by what an agent cannot write', () => {
  const seals = () => createTaskSeals(s.sandbox.authToken);

  /** Writes `patch` into the task's `dual_channel_recording` as an agent can (setAttributes), as a task.updated. */
  async function agentWrites(
    taskSid: string,
    patch: (product: Record<string, unknown>) => Record<string, unknown>,
  ) {
    const task = await s.client.task(taskSid);
    const product = (task.attributes[PRODUCT_ATTRIBUTE_KEY] ?? {}) as Record<string, unknown>;
    await s.client.setTaskAttributes(taskSid, {
      ...task.attributes,
      [PRODUCT_ATTRIBUTE_KEY]: patch(product),
    });
  }

  /** The entry the consent step writes when a failed announcement stopped the recording (Twilio 21220). */
  const consentStopped = (callSid: string, stopSeal?: string) => ({
    call_sid: callSid,
    channel: 'customer',
    reservation_sid: '',
    status: 'in-progress',
    paused: false,
    updated_at: '',
    consent: { status: 'failed', on: 'start', at: '', error_code: 21220, recording_stopped: true },
    stopped_by: 'consent_failed',
    ...(stopSeal === undefined ? {} : { stop_seal: stopSeal }),
  });

  it("explains a gap by a consent stop only under the Functions' stop seal: an agent's, or one copied from another task, leaves it unexplained (exit 1)", async () => {
    // The Functions stopped the recording at once (their stop sealed); Twilio finished it absent.
    const real = await s.client.inboundCall({ workerSid: s.workerSid });
    const realSid = await createRecording(real.customerCallSid!);
    await claim(
      real.taskSid,
      real.customerCallSid!,
      realSid,
      consentStopped(
        real.customerCallSid!,
        seals().stopped(real.taskSid, realSid, { reason: 'consent_failed', twilioCode: 21220 }),
      ),
    );
    await s.client.markRecordingAbsent(realSid, 16102);

    // An agent, never recorded, writes the consent stop on their own task without a seal…
    const forged = await s.client.inboundCall({ workerSid: s.workerSid });
    const fakeSid = `RE${'7'.repeat(32)}`;
    await agentWrites(forged.taskSid, (product) => ({
      ...product,
      recordings: { [fakeSid]: consentStopped(forged.customerCallSid!) },
    }));
    // …or copies the real task's sealed entry (its seal covers that task, not this one).
    const copied = await s.client.inboundCall({ workerSid: s.workerSid });
    const realEntry = (
      (await s.client.task(real.taskSid)).attributes[PRODUCT_ATTRIBUTE_KEY] as {
        recordings: Record<string, unknown>;
      }
    ).recordings[realSid];
    await agentWrites(copied.taskSid, (product) => ({ ...product, recordings: { [realSid]: realEntry } }));

    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, real.taskSid)).toMatchObject({
      recorded: false,
      gap: { reason: 'consent_failed', twilioCode: 21220 },
    });
    expect(row(report, forged.taskSid).gap).toEqual({
      reason: null,
      detail: `stop reason not verifiable: consent_failed on ${fakeSid} written without the Functions' seal`,
      twilioCode: null,
    });
    // Its entry names the real recording, which this task cannot show is its own: unexplained either way.
    expect(row(report, copied.taskSid).gap).toMatchObject({ reason: null });
    expect(row(report, copied.taskSid).gap!.detail).toContain(realSid);
    expect(report.summary).toMatchObject({ explainedGaps: 1, unexplainedGaps: 2 });
  });

  it('explains no gap by an absent status only the task attributes give (Twilio has no such recording): unexplained, exit 1', async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const fakeSid = `RE${'6'.repeat(32)}`;
    await agentWrites(call.taskSid, (product) => ({
      ...product,
      recordings: {
        [fakeSid]: {
          call_sid: call.customerCallSid,
          channel: 'customer',
          reservation_sid: '',
          status: 'absent',
          error_code: 16101,
          paused: false,
          updated_at: '',
        },
      },
    }));
    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, call.taskSid).gap).toMatchObject({ reason: null, twilioCode: null });
    expect(row(report, call.taskSid).gap!.detail).toBe(
      `recording failure not verifiable: ${fakeSid} absent only in the task attributes, Twilio has no such recording of this task`,
    );
  });

  it("explains no gap by the end of a call task.created's call_sid names when Twilio does not tie it to the task's conference: unexplained, exit 1", async () => {
    // Another caller's call, over before this task was accepted; the task's creator names it.
    const other = await s.client.inboundCall({ workerSid: s.workerSid });
    await s.client.hangup(other.customerCallSid!);
    const planted = await s.client.inboundCall({
      workerSid: s.workerSid,
      attributes: { call_sid: other.customerCallSid },
    });
    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, planted.taskSid).gap).toMatchObject({ reason: null });
    expect(row(report, planted.taskSid).gap!.detail).toContain(
      `caller hang-up not verifiable: call ${other.customerCallSid} (task.created's call_sid) ended as the agent accepted`,
    );
  });

  it("explains a gap by the caller's hang-up when Twilio ties the call to the task's conference (Voice Insights)", async () => {
    await s.client.setVoiceInsightsAdvancedFeatures(true);
    const call = await s.client.inboundCall({ workerSid: s.workerSid, reservationStatus: 'pending' });
    await s.client.hangup(call.customerCallSid!);
    await s.client.acceptReservation(call.reservationSid);
    // Twilio keeps the participant summaries once the conference ends (the agent's leg gone too).
    await s.client.hangup(call.workerCallSid!);
    const { code, report } = await audit();
    expect(row(report, call.taskSid).gap).toEqual({
      reason: 'caller_hung_up_first',
      detail: 'the caller hung up as the agent accepted',
      twilioCode: null,
    });
    expect(code).toBe(0);
  });

  it('explains no gap by the removal of a claim: a claim written once still counts, so the task is not "never asked" (exit 1)', async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const missingSid = `RE${'9'.repeat(32)}`;
    await claim(call.taskSid, call.customerCallSid!, missingSid);
    // The agent removes the claim and the entry from their task afterwards.
    await agentWrites(call.taskSid, () => ({}));
    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(row(report, call.taskSid).gap).toEqual({
      reason: null,
      detail: `the task claims ${missingSid} but Twilio has no such recording of this call`,
      twilioCode: null,
    });
  });

  it("keeps the sink's not_repaired note when an agent later writes the same note as repaired: exit 1", async () => {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const sid = await createRecording(call.customerCallSid!);
    await claim(call.taskSid, call.customerCallSid!, sid);
    await s.client.completeRecording(sid, 3);
    const note: MediaRepair = {
      at: new Date().toISOString(),
      recording_sid: sid,
      reservation_sid: '',
      problem: 'url_provider is not this service’s playback route',
      outcome: 'not_repaired',
    };
    await agentWrites(call.taskSid, (product) => ({ ...product, media_repairs: [note] }));
    await agentWrites(call.taskSid, (product) => ({
      ...product,
      media_repairs: [{ ...note, outcome: 'repaired' }],
    }));
    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ mediaNotRepaired: 1 });
    expect(row(report, call.taskSid).mediaRepairs).toContainEqual(note);
  });
});

describe('audit: Voice Intelligence transcripts', () => {
  /** A completed recording claimed on a task, then the task deleted; `note` is the Function's transcript note. */
  async function completedConversation(
    note?: Record<string, unknown>,
  ): Promise<{ taskSid: string; recordingSid: string }> {
    const call = await s.client.inboundCall({ workerSid: s.workerSid });
    const recordingSid = await createRecording(call.customerCallSid!);
    await claim(
      call.taskSid,
      call.customerCallSid!,
      recordingSid,
      note ? { status: 'completed', transcript: note } : {},
    );
    await s.client.completeRecording(recordingSid, 3);
    await s.client.deleteTask(call.taskSid);
    return { taskSid: call.taskSid, recordingSid };
  }

  async function transcribe(
    recordingSid: string,
    serviceSid: string,
    roles: [string, string],
  ): Promise<string> {
    const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
    const res = await fetch(`${s.sandbox.url}/v2/Transcripts`, {
      method: 'POST',
      headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ServiceSid: serviceSid,
        Channel: JSON.stringify({
          media_properties: { source_sid: recordingSid },
          participants: roles.map((role, i) => ({ channel_participant: i + 1, role })),
        }),
      }),
    });
    if (res.status !== 202) throw new Error(`transcript create: ${res.status}`);
    return ((await res.json()) as { sid: string }).sid;
  }

  it('shows a failure the Function noted, a recording with no transcript and no note, and a mislabelled one; exits 1; a right one passes', async () => {
    const service = (await s.client.createIntelligenceService()).sid;
    await s.client.setFlexUiAttributes({
      dual_channel_recording: { voice_intelligence_service_sid: service },
    });
    const failed = await completedConversation({
      status: 'failed',
      service_sid: service,
      reason: 'create_failed',
      error_code: 20404,
      at: 'T',
    });
    const missing = await completedConversation();
    const mislabelled = await completedConversation();
    await transcribe(mislabelled.recordingSid, service, ['Agent', 'Customer']);
    const fine = await completedConversation();
    await transcribe(fine.recordingSid, service, ['Customer', 'Agent']);

    const { code, report } = await audit();
    expect(code).toBe(1);
    expect(report.summary.transcriptProblems).toBe(3);
    expect(row(report, failed.taskSid).transcriptProblems).toEqual([
      {
        recordingSid: failed.recordingSid,
        status: 'failed',
        transcriptSid: null,
        reason: 'create_failed',
        twilioCode: 20404,
      },
    ]);
    expect(row(report, missing.taskSid).transcriptProblems).toMatchObject([
      { status: 'missing', reason: null },
    ]);
    expect(row(report, mislabelled.taskSid).transcriptProblems).toMatchObject([{ status: 'mislabelled' }]);
    expect(row(report, fine.taskSid).transcriptProblems).toEqual([]);
  });

  it('asks nothing about transcripts while the setting is off', async () => {
    await s.client.setFlexUiAttributes({});
    await completedConversation();
    const { code, report } = await audit();
    expect(code).toBe(0);
    expect(report.summary.transcriptProblems).toBe(0);
    expect(s.sandbox.state.requests.some((r) => r.api === 'intelligence')).toBe(false);
  });
});
