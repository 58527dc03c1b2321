/**
 * `erase --phone` end to end (issue 24 §3): the compiled bin against the sandbox. The caller's calls
 * come from the Calls API's filters; their recordings, and the agent-leg recording Twilio ties to the
 * caller's task, are deleted; their media entries leave the task that still exists; another caller's
 * recording and media entry stay; the report lists every call, recording and outcome.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecordingChannel } from '@dual-channel-recording/contract';
import { readMediaEntries, recordingSidOfMediaUrl } from '@dual-channel-recording/contract';
import type { ErasureReport } from '../src/erase/run';
import type { CliSandbox } from './helpers';
import { mediaEntry, runCli, tempDir, withCliSandbox } from './helpers';
import { claimsFor, startRecording } from './recorded-calls';
import { createAccessLogService } from './sync-helpers';

let s: CliSandbox;
let serviceSid: string;

jest.setTimeout(60_000);

withCliSandbox((started) => (s = started));

beforeEach(async () => {
  serviceSid = await createAccessLogService(s);
  await s.client.setVoiceInsightsAdvancedFeatures(true);
});

const CALLER = '+15550001111';
const OTHER = '+15550002222';

/** A finished call from `from` recorded on the customer leg (and, with `workerLeg`, on the agent's leg too), claimed and in the task's media. */
async function recordedCall(from: string, workerLeg = false) {
  const call = await s.client.inboundCall({ workerSid: s.workerSid, from });
  const legs: [string, RecordingChannel][] = [[call.customerCallSid!, 'customer']];
  if (workerLeg) legs.push([call.workerCallSid!, 'worker']);
  const recordings: string[] = [];
  for (const [callSid] of legs) recordings.push(await startRecording(s, callSid));
  const task = await s.client.task(call.taskSid);
  await s.client.setTaskAttributes(call.taskSid, {
    ...task.attributes,
    conversations: {
      media: recordings.map((recordingSid, i) =>
        mediaEntry(s.sandbox.accountSid, { recordingSid, taskSid: call.taskSid }, legs[i][1]),
      ),
    },
    ...claimsFor(
      s,
      call.taskSid,
      legs.map(([callSid, channel], i) => ({ callSid, recordingSid: recordings[i], channel })),
    ),
  });
  await s.client.hangup(call.customerCallSid!);
  await s.client.hangup(call.workerCallSid!);
  return { taskSid: call.taskSid, callSid: call.customerCallSid!, recordings };
}

const inTwilio = (sid: string): boolean => s.sandbox.state.recordings.get(sid)?.deleted === false;

async function mediaOf(taskSid: string): Promise<string[]> {
  return readMediaEntries((await s.client.task(taskSid)).attributes).map(
    (m) => recordingSidOfMediaUrl(m.entry.url) ?? '',
  );
}

async function erase(args: string[], cwd = tempDir()) {
  const run = await runCli(['erase', ...args], { ...s.env, ACCESS_LOG_SYNC_SERVICE_SID: serviceSid }, cwd);
  return { ...run, cwd };
}

it('erases exactly the caller’s recordings (the agent’s leg of their call included), clears their media entries, and reports every call, recording and outcome', async () => {
  const first = await recordedCall(CALLER, true);
  const second = await recordedCall(CALLER);
  await s.client.deleteTask(second.taskSid);
  const other = await recordedCall(OTHER);

  const run = await erase(['--phone', CALLER, '--report', 'request-42.json']);
  expect(run.code).toBe(0);
  for (const sid of [...first.recordings, ...second.recordings]) expect(inTwilio(sid)).toBe(false);
  expect(inTwilio(other.recordings[0])).toBe(true);
  expect(await mediaOf(first.taskSid)).toEqual([]);
  expect(await mediaOf(other.taskSid)).toEqual(other.recordings);

  const file = path.join(run.cwd, 'request-42.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const report = JSON.parse(readFileSync(file, 'utf8')) as ErasureReport;
  expect(report.phone).toBe(CALLER);
  expect(report.calls.map((c) => c.sid).sort()).toEqual([first.callSid, second.callSid].sort());
  expect(Object.fromEntries(report.recordings.map((r) => [r.sid, r.outcome]))).toEqual(
    Object.fromEntries([...first.recordings, ...second.recordings].map((sid) => [sid, 'deleted'])),
  );
  expect([...report.tasks].sort((a, b) => a.sid.localeCompare(b.sid))).toEqual(
    [
      { sid: first.taskSid, mediaEntries: 2, outcome: 'updated' },
      // TaskRouter deleted it (as it does minutes after completion): nothing left to clear.
      { sid: second.taskSid, mediaEntries: 0, outcome: 'gone' },
    ].sort((a, b) => a.sid.localeCompare(b.sid)),
  );
  // The terminal (a CI log) never shows the number.
  expect(run.stdout + run.stderr).not.toContain(CALLER);
  expect(run.stdout).toContain('+1••••••••11');
});

it('--dry-run changes nothing and reports what would go', async () => {
  const call = await recordedCall(CALLER);
  const run = await erase(['--phone', CALLER, '--dry-run', '--report', 'dry.json']);
  expect(run.code).toBe(0);
  expect(inTwilio(call.recordings[0])).toBe(true);
  expect(await mediaOf(call.taskSid)).toEqual(call.recordings);
  const report = JSON.parse(readFileSync(path.join(run.cwd, 'dry.json'), 'utf8')) as ErasureReport;
  expect(report.recordings.map((r) => r.outcome)).toEqual(['would-delete']);
  expect(report.tasks).toEqual([{ sid: call.taskSid, mediaEntries: 1, outcome: 'would-update' }]);
});

it('a recording under legal hold stays, and says so', async () => {
  const call = await recordedCall(CALLER);
  await runCli(
    ['hold', 'add', call.taskSid],
    { ...s.env, ACCESS_LOG_SYNC_SERVICE_SID: serviceSid },
    tempDir(),
  );
  const run = await erase(['--phone', CALLER, '--report', 'held.json']);
  expect(run.code).toBe(0);
  expect(inTwilio(call.recordings[0])).toBe(true);
  expect(run.stdout).toContain(`held               ${call.recordings[0]}`);
});

it('bad input changes nothing and never echoes the number: malformed, an unknown option, a window that is not one, an existing report', async () => {
  const call = await recordedCall(CALLER);
  const cwd = tempDir();
  writeFileSync(path.join(cwd, 'taken.json'), '{}');
  for (const [args, message] of [
    [['--phone', '555-0001111'], '--phone must be a number in E.164'],
    [['--phone', '+1 555 0001111'], '--phone must be a number in E.164'],
    [['--phone', CALLER, '--colour', 'red'], "Unknown option '--colour'"],
    [
      ['--phone', CALLER, '--since', '2026-12-31', '--until', '2026-12-01'],
      '--since must not be after --until',
    ],
    [['--phone', CALLER, '--since', 'yesterday'], '--since must be an ISO 8601 date'],
    [['--phone', CALLER, '--report', 'taken.json'], 'exists: name a new --report file'],
    [[], 'erase needs --phone'],
  ] as const) {
    const run = await erase([...args], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('5550001111');
  }
  expect(inTwilio(call.recordings[0])).toBe(true);
});
