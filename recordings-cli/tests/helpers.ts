/**
 * Test helpers for the recordings CLI: an in-process sandbox, completed recordings in it, the compiled
 * bin run as a child process routed to the sandbox by configuration only (NODE_OPTIONS preload +
 * TWILIO_SANDBOX_URL, exactly like the Functions), and a tone detector for the split files.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WaveFile } from 'wavefile';
import type { MediaEntry, RecordingChannel } from '@dual-channel-recording/contract';
import { buildMediaEntry } from '@dual-channel-recording/contract';
import type { RunReport } from '../src/report';
import { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import type { RunningSandbox } from '@dual-channel-recording/twilio-sandbox/server';
import { startSandbox } from '@dual-channel-recording/twilio-sandbox/server';
import { sandboxPreloadPath } from '@dual-channel-recording/twilio-sandbox/preload-path';

/** A sandbox for CLI tests. */
export interface CliSandbox {
  sandbox: RunningSandbox;
  client: SandboxClient;
  workerSid: string;
  /** The env the CLI child runs with (credentials + routing). */
  env: Record<string, string>;
  close(): Promise<void>;
}

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'dual-channel-recordings.js');
// The sandbox's preload routes every *.twilio.com request to it.
const preload = sandboxPreloadPath();

/** Starts the sandbox and a worker; needs both builds (this CLI's dist/main.js, the sandbox's preload). */
export async function startCliSandbox(): Promise<CliSandbox> {
  const builds = [
    [preload, 'npm run build -w @dual-channel-recording/twilio-sandbox'],
    [path.join(root, 'dist', 'main.js'), 'npm run build -w @dual-channel-recording/recordings-cli'],
  ];
  for (const [file, command] of builds)
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${command}\``);
  const sandbox = await startSandbox({ port: 0 });
  const client = new SandboxClient(sandbox.url);
  const { workerSid } = await client.createWorker();
  return {
    sandbox,
    client,
    workerSid,
    env: {
      NODE_OPTIONS: `--require ${preload}`,
      TWILIO_SANDBOX_URL: sandbox.url,
      ACCOUNT_SID: sandbox.accountSid,
      AUTH_TOKEN: sandbox.authToken,
      TWILIO_WORKSPACE_SID: sandbox.workspaceSid,
    },
    close: () => sandbox.close(),
  };
}

/** Resets the sandbox to its defaults with a fresh worker. */
export async function resetCliSandbox(s: CliSandbox): Promise<void> {
  await s.client.reset();
  s.workerSid = (await s.client.createWorker()).workerSid;
}

/** One sandbox for the test file, handed to `use` once started and reset before each test. */
export function withCliSandbox(use: (s: CliSandbox) => void): void {
  let s: CliSandbox | undefined;
  beforeAll(async () => {
    s = await startCliSandbox();
    use(s);
  });
  afterAll(async () => {
    await s?.close();
  });
  beforeEach(async () => {
    if (s) await resetCliSandbox(s);
  });
}

/** A completed recording of a call leg in a Flex task. */
export interface MadeRecording {
  recordingSid: string;
  taskSid: string;
  callSid: string;
  /** Every call leg of the scenario (customer and agent), to end the conference with. */
  legCallSids: string[];
}

/**
 * Inbound call, a recording of one leg through the 2010 API (dual or mono), completed with the
 * given duration.
 */
export async function makeRecording(
  s: CliSandbox,
  opts: { channels?: 'dual' | 'mono'; durationSeconds?: number; leg?: 'customer' | 'worker' } = {},
): Promise<MadeRecording> {
  const call = await s.client.inboundCall({ workerSid: s.workerSid });
  const callSid = opts.leg === 'worker' ? call.workerCallSid : call.customerCallSid;
  if (!callSid) throw new Error(`the inbound-call scenario has no ${opts.leg ?? 'customer'} leg`);
  const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
  const res = await fetch(
    `${s.sandbox.url}/2010-04-01/Accounts/${s.sandbox.accountSid}/Calls/${callSid}/Recordings.json`,
    {
      method: 'POST',
      headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ RecordingChannels: opts.channels ?? 'dual' }),
    },
  );
  if (res.status !== 201) throw new Error(`recording create: ${res.status} ${await res.text()}`);
  const { sid } = (await res.json()) as { sid: string };
  await s.client.completeRecording(sid, opts.durationSeconds ?? 2);
  const legCallSids = [call.customerCallSid, call.workerCallSid].filter((c): c is string => !!c);
  return { recordingSid: sid, taskSid: call.taskSid, callSid, legCallSids };
}

/** The Flex Insights media entry our Functions write for a recording of a task (the contract's one builder). */
export function mediaEntry(
  accountSid: string,
  recording: Pick<MadeRecording, 'recordingSid' | 'taskSid'>,
  channel: RecordingChannel,
): MediaEntry {
  return buildMediaEntry({
    accountSid,
    recordingSid: recording.recordingSid,
    taskSid: recording.taskSid,
    channel,
    startedAt: null,
    now: Date.now(),
    // No Functions run in the CLI's tests: the url_provider only has to be well formed.
    serviceBaseUrl: 'https://functions.invalid',
  });
}

/** A fresh empty folder for one test's output (and cwd, so no stray .env is read). */
export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'dcr-cli-'));
}

/** The outcome of a CLI run. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the compiled bin; the caller may kill it. */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): { child: ChildProcess; done: Promise<CliRun> } {
  const { NODE_OPTIONS: _parentOptions, ...parentEnv } = process.env;
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** The `--json` report a run printed on stdout. */
export function report(stdout: string): RunReport {
  return JSON.parse(stdout) as RunReport;
}

/** Runs the compiled bin to completion. */
export function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return spawnCli(args, env, cwd).done;
}

/** Reads a WAV: channel count, rate, and the samples of each channel. */
export function readWav(data: Uint8Array): { channels: number; sampleRate: number; samples: Float64Array[] } {
  const wav = new WaveFile(data);
  const fmt = wav.fmt as { numChannels: number; sampleRate: number };
  const raw = wav.getSamples(false) as unknown as Float64Array | Float64Array[];
  const samples = fmt.numChannels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
  return { channels: fmt.numChannels, sampleRate: fmt.sampleRate, samples };
}

/** Signal power at `hz` (Goertzel), normalised by length: large for a tone at hz, near zero otherwise. */
export function powerAt(samples: ArrayLike<number>, hz: number, sampleRate: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (samples.length * samples.length);
}
