/**
 * `purge` and `hold` end to end (issue 24 §2): the compiled bin against the sandbox. Recordings are
 * made the way the Functions make them (the 2010 API on the customer's leg, the product's claim in
 * the task attributes, so TaskRouter's event log names it), the call ends, and Twilio ties the
 * recording's call to the task's conference (Voice Insights' participant summaries). A first run
 * catalogues them while the event log still has them; the recordings are then aged in the sandbox
 * (as months pass) and purged by age, queue and hold.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AccessLogEntry } from '@dual-channel-recording/contract';
import { accessLogListName } from '@dual-channel-recording/contract';
import type { PurgeReport } from '../src/purge/run';
import type { CliSandbox } from './helpers';
import { readWav, runCli, tempDir, withCliSandbox } from './helpers';
import { claimsFor, startRecording } from './recorded-calls';
import { createAccessLogService, listItems } from './sync-helpers';

let s: CliSandbox;
let serviceSid: string;

jest.setTimeout(60_000);

withCliSandbox((started) => (s = started));

beforeEach(async () => {
  serviceSid = await createAccessLogService(s);
  await s.client.setVoiceInsightsAdvancedFeatures(true);
});

const DAY = 86_400_000;

/** Writes the product's claim naming `recordingSid` on the task (an attribute write in the event log). */
async function claim(taskSid: string, callSid: string, recordingSid: string): Promise<void> {
  const task = await s.client.task(taskSid);
  await s.client.setTaskAttributes(taskSid, {
    ...task.attributes,
    ...claimsFor(s, taskSid, [{ callSid, recordingSid, channel: 'customer' }]),
  });
}

/** A finished, recorded call in `queueName`: its task and recording. */
async function recordedCall(queueName: string): Promise<{ taskSid: string; recordingSid: string }> {
  const call = await s.client.inboundCall({ workerSid: s.workerSid, queueName });
  const recordingSid = await startRecording(s, call.customerCallSid!);
  await claim(call.taskSid, call.customerCallSid!, recordingSid);
  // The whole call ends (the conference with it), so Twilio's summaries list who was in it.
  await s.client.hangup(call.customerCallSid!);
  await s.client.hangup(call.workerCallSid!);
  return { taskSid: call.taskSid, recordingSid };
}

/** As if the recording was made `days` ago. */
function age(recordingSid: string, days: number): void {
  const recording = s.sandbox.state.recordings.get(recordingSid);
  if (!recording) throw new Error(`no recording ${recordingSid}`);
  recording.dateCreated = new Date(Date.now() - days * DAY);
}

async function cli(args: string[]) {
  const run = await runCli(args, { ...s.env, ACCESS_LOG_SYNC_SERVICE_SID: serviceSid }, tempDir());
  return { ...run, report: run.stdout.startsWith('{') ? (JSON.parse(run.stdout) as PurgeReport) : undefined };
}

async function purge(args: string[]) {
  return cli(['purge', ...args, '--json']);
}

const outcomes = (report: PurgeReport | undefined): Record<string, string> =>
  Object.fromEntries((report?.rows ?? []).map((r) => [r.recordingSid, r.outcome]));

async function stillInTwilio(recordingSid: string): Promise<boolean> {
  return s.sandbox.state.recordings.get(recordingSid)?.deleted === false;
}

async function deletionEntries(): Promise<AccessLogEntry[]> {
  const items = await listItems(s, serviceSid, accessLogListName(new Date())).catch(() => []);
  return items.map((i) => i.data).filter((e) => e.action === 'deletion');
}

it('deletes only the recordings past retention, writes each deletion to the access log, and --dry-run deletes nothing', async () => {
  const old = await recordedCall('Sales');
  const young = await recordedCall('Sales');
  const first = await purge(['--older-than', '90d']);
  expect(first.code).toBe(0);
  expect(first.report?.catalogued).toBe(2);
  expect(first.report?.rows).toEqual([]);

  age(old.recordingSid, 100);
  age(young.recordingSid, 10);
  const dry = await purge(['--older-than', '90d', '--dry-run']);
  expect(outcomes(dry.report)).toEqual({ [old.recordingSid]: 'would-delete' });
  expect(await stillInTwilio(old.recordingSid)).toBe(true);
  expect(await deletionEntries()).toEqual([]);

  const real = await purge(['--older-than', '90d']);
  expect(real.code).toBe(0);
  expect(outcomes(real.report)).toEqual({ [old.recordingSid]: 'deleted' });
  expect(await stillInTwilio(old.recordingSid)).toBe(false);
  expect(await stillInTwilio(young.recordingSid)).toBe(true);
  expect(await deletionEntries()).toEqual([
    expect.objectContaining({
      decision: 'deleted',
      reason: 'retention',
      recordingSid: old.recordingSid,
      taskSid: old.taskSid,
      viewer: null,
      actor: expect.stringMatching(/^cli:/),
    }),
  ]);
});

it('--export saves a verified copy first, as download --delete-after does, and deletes only then', async () => {
  const old = await recordedCall('Sales');
  await purge(['--older-than', '90d']);
  age(old.recordingSid, 100);
  const out = tempDir();
  const run = await runCli(
    ['purge', '--older-than', '90d', '--export', out, '--json'],
    { ...s.env, ACCESS_LOG_SYNC_SERVICE_SID: serviceSid },
    out,
  );
  expect(run.code).toBe(0);
  expect(outcomes(JSON.parse(run.stdout) as PurgeReport)).toEqual({ [old.recordingSid]: 'deleted' });
  const saved = readWav(readFileSync(path.join(out, `${old.recordingSid}.wav`)));
  expect(saved.channels).toBe(2);
  const sidecar = JSON.parse(readFileSync(path.join(out, `${old.recordingSid}.json`), 'utf8')) as {
    deletedFromTwilio: boolean;
  };
  expect(sidecar.deletedFromTwilio).toBe(true);
  expect(await stillInTwilio(old.recordingSid)).toBe(false);
});

it('a legal hold on the recording or on its task keeps it; lifting the hold lets the next run delete it', async () => {
  const byRecording = await recordedCall('Sales');
  const byTask = await recordedCall('Sales');
  await purge(['--older-than', '90d']);
  age(byRecording.recordingSid, 100);
  age(byTask.recordingSid, 100);
  const added = await cli(['hold', 'add', byRecording.recordingSid, byTask.taskSid]);
  expect(added.code).toBe(0);
  expect(added.stdout).toContain(`added        ${byRecording.recordingSid}`);
  const listed = await cli(['hold', 'list']);
  expect(listed.stdout).toContain('2 on hold.');

  const held = await purge(['--older-than', '90d']);
  expect(outcomes(held.report)).toEqual({
    [byRecording.recordingSid]: 'held',
    [byTask.recordingSid]: 'held',
  });
  expect(await stillInTwilio(byRecording.recordingSid)).toBe(true);

  await cli(['hold', 'remove', byTask.taskSid]);
  const after = await purge(['--older-than', '90d']);
  expect(outcomes(after.report)).toEqual({
    [byRecording.recordingSid]: 'held',
    [byTask.recordingSid]: 'deleted',
  });
});

it('retention per queue from ui_attributes, and --queue limits the run to those queues', async () => {
  await s.client.setFlexUiAttributes({ dual_channel_recording: { retention_by_queue: { Sales: 30 } } });
  const sales = await recordedCall('Sales');
  const support = await recordedCall('Support');
  await purge(['--older-than', '365d']);
  age(sales.recordingSid, 40);
  age(support.recordingSid, 40);

  const onlySupport = await purge(['--older-than', '365d', '--queue', 'Support']);
  expect(outcomes(onlySupport.report)).toEqual({});
  const all = await purge(['--older-than', '365d']);
  expect(outcomes(all.report)).toEqual({ [sales.recordingSid]: 'deleted' });
  expect(await stillInTwilio(support.recordingSid)).toBe(true);
});

it('a recording an agent’s claim names on their own task, which Twilio does not tie to it, is never catalogued nor purged', async () => {
  const other = await s.client.inboundCall({ workerSid: s.workerSid, queueName: 'Legal' });
  const victim = await startRecording(s, other.customerCallSid!);
  await s.client.hangup(other.customerCallSid!);
  const mine = await s.client.inboundCall({ workerSid: s.workerSid, queueName: 'Sales' });
  // The agent writes a claim naming another call's recording into their own task.
  await claim(mine.taskSid, mine.customerCallSid!, victim);
  const first = await purge(['--older-than', '1d']);
  expect(first.report?.untied).toEqual([
    expect.objectContaining({ recordingSid: victim, taskSid: mine.taskSid }),
  ]);
  age(victim, 5);
  const run = await purge(['--older-than', '1d']);
  expect(outcomes(run.report)).toEqual({ [victim]: 'not-catalogued' });
  expect(await stillInTwilio(victim)).toBe(true);
});

it('bad input changes nothing: a malformed age, an unknown option, hold without SIDs, a bad ui_attributes retention', async () => {
  const { recordingSid } = await recordedCall('Sales');
  for (const [args, message] of [
    [['purge', '--older-than', '90'], '--older-than must be whole days'],
    [['purge', '--older-than', '90d', '--colour', 'red'], "Unknown option '--colour'"],
    [['purge'], 'purge needs --older-than'],
    [['hold', 'add'], 'hold add needs recording'],
    [['hold', 'add', 'RE1'], 'not recording (RE…) or task (WT…) SIDs'],
  ] as const) {
    const run = await cli([...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  }
  await s.client.setFlexUiAttributes({ dual_channel_recording: { retention_by_queue: { Sales: '30d' } } });
  const bad = await cli(['purge', '--older-than', '1d']);
  expect(bad.code).toBe(3);
  expect(bad.stderr).toContain('retention_by_queue');
  expect(await stillInTwilio(recordingSid)).toBe(true);
});

/** The Purge step's bash script of .github/workflows/purge.yml, with GitHub's expressions filled in. */
function workflowScript(expressions: Record<string, string>): { cron: string; script: string } {
  const text = readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', 'purge.yml'), 'utf8');
  const cron = /cron: '([^']+)'/.exec(text)?.[1] ?? '';
  const lines = text.split('\n');
  const step = lines.findIndex((l) => l.trim() === '- name: Purge');
  const run = lines.findIndex((l, i) => i > step && l.trim() === 'run: |');
  const indent = lines[run + 1].length - lines[run + 1].trimStart().length;
  const body: string[] = [];
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== '' && line.length - line.trimStart().length < indent) break;
    body.push(line.slice(indent));
  }
  const script = body
    .join('\n')
    .replace(/\$\{\{ ([^}]+) \}\}/g, (_m, name: string) => expressions[name.trim()] ?? '');
  return { cron, script };
}

it('the scheduled workflow runs the purge daily and leaves a summary an admin can read in the run', async () => {
  const old = await recordedCall('Sales');
  await purge(['--older-than', '90d']);
  age(old.recordingSid, 100);
  const { cron, script } = workflowScript({ 'github.event_name': 'schedule', 'inputs.dry_run': '' });
  expect(cron.split(' ').slice(2)).toEqual(['*', '*', '*']);
  // `npx dual-channel-recordings` is the built bin, as the workflow's build step leaves it.
  const dir = tempDir();
  const npx = path.join(dir, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\nshift\nexec "${process.execPath}" "${path.join(__dirname, '..', 'bin', 'dual-channel-recordings.js')}" "$@"\n`,
  );
  chmodSync(npx, 0o755);
  const summary = path.join(dir, 'summary.md');
  const { NODE_OPTIONS: _ignored, ...parentEnv } = process.env;
  // Asynchronously: the sandbox answers from this process.
  const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn('bash', ['-c', script], {
      cwd: dir,
      env: {
        ...parentEnv,
        ...s.env,
        ACCESS_LOG_SYNC_SERVICE_SID: serviceSid,
        RETENTION_DAYS: '90',
        GITHUB_STEP_SUMMARY: summary,
        PATH: `${dir}:${process.env.PATH ?? ''}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (status) => resolve({ status, stderr }));
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const text = readFileSync(summary, 'utf8');
  expect(text).toContain('## Recording purge (purge --older-than 90d)');
  expect(text).toMatch(
    new RegExp(
      `deleted\\s+${old.recordingSid}  task ${old.taskSid}  queue Sales  100 days old \\(kept 90\\)`,
    ),
  );
  expect(text).toContain('1 deleted, 0 held');
  expect(await stillInTwilio(old.recordingSid)).toBe(false);
});
