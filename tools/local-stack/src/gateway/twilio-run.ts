import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Options for {@link startTwilioRun}. */
export interface TwilioRunOptions {
  /** The Node binary to run twilio-run (and so the Functions) on. */
  readonly node: string;
  /** The project folder (twilio-run's --cwd: package.json, node_modules). */
  readonly cwd: string;
  /** The Functions folder, absolute or relative to `cwd`. */
  readonly functionsFolder: string;
  readonly port: number;
  /** The --env file (twilio-run replaces the Functions' process.env with it). */
  readonly envFile: string;
  /** A process per request like twilio-run's default (true), or in-process (false). */
  readonly forkProcess: boolean;
  /** Reload modules on every request (twilio-run's --live). */
  readonly live: boolean;
  /** The twilio-run process's own environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Forward twilio-run's output to this process's stdout/stderr (it is kept in `logs()` anyway). */
  readonly inheritOutput?: boolean;
}

/** A running twilio-run. */
export interface TwilioRunProcess {
  /** twilio-run's own address (clients go through the gateway instead). */
  readonly url: string;
  readonly port: number;
  /** twilio-run's process id (the benchmark reads its CPU time). */
  readonly pid: number | undefined;
  logs(): string;
  /** Kills twilio-run's process group. */
  stop(): Promise<void>;
}

async function waitUntilAnswering(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`twilio-run exited with ${child.exitCode}:\n${logs()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`twilio-run did not answer at ${url} within 30 s:\n${logs()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts `twilio-run start` on the given Node binary and waits until it answers. */
export async function startTwilioRun(options: TwilioRunOptions): Promise<TwilioRunProcess> {
  const folder = path.isAbsolute(options.functionsFolder)
    ? path.relative(options.cwd, options.functionsFolder)
    : options.functionsFolder;
  const args = [
    require.resolve('twilio-run/bin/twilio-run.js'),
    'start',
    '--cwd',
    options.cwd,
    // twilio-run joins this onto --cwd, so an absolute folder is given relative to it.
    '--functions-folder',
    folder,
    '--port',
    String(options.port),
    '--env',
    options.envFile,
    '--no-logs',
    ...(options.live ? [] : ['--no-live']),
    ...(options.forkProcess ? [] : ['--no-fork-process']),
  ];
  const child = spawn(options.node, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer, to: NodeJS.WriteStream): void => {
    output += chunk.toString();
    if (options.inheritOutput) to.write(chunk);
  };
  child.stdout?.on('data', (c: Buffer) => collect(c, process.stdout));
  child.stderr?.on('data', (c: Buffer) => collect(c, process.stderr));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilAnswering(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port: options.port, pid: child.pid, logs: () => output, stop };
}
