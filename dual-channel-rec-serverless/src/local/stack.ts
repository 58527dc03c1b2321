import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SandboxClient } from '../sandbox/client';
import { startSandbox } from '../sandbox/server';
import { packageRoot } from './package-root';

/** Options for {@link startStack}. */
export interface StackOptions {
  /** Extra env for the Functions; `ALLOWED_ORIGINS` here is appended to https://flex.twilio.com. */
  env?: Record<string, string>;
  /** Fork a process per request like twilio-run's default (true), or serve in-process (false, faster). */
  forkProcess?: boolean;
  /** Functions folder to serve (default: <package>/dist/functions). */
  functionsFolder?: string;
  /** Port for the sandbox (default: a free one). */
  sandboxPort?: number;
  /** Port for the Functions (default: a free one). */
  functionsPort?: number;
  /** Forward twilio-run's output to this process's stdout/stderr (default: false; kept in `logs()`). */
  inheritOutput?: boolean;
  /**
   * Reload every Function module on each request (twilio-run's `--live`, default false). Deployed
   * Functions keep their modules loaded between invocations; `--live` re-requires the twilio SDK on
   * every request, which costs tens of milliseconds of CPU each and dominates bursts.
   */
  live?: boolean;
}

/** A running sandbox + twilio-run pair. */
export interface Stack {
  functionsUrl: string;
  sandboxUrl: string;
  sandbox: SandboxClient;
  accountSid: string;
  authToken: string;
  workspaceSid: string;
  /** The env file given to twilio-run (for debugging). */
  envFile: string;
  /** twilio-run's output so far. */
  logs(): string;
  /** Kills twilio-run's whole process group and closes the sandbox. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Writes a dotenv file (values double-quoted, so spaces in NODE_OPTIONS survive). */
function writeEnvFile(file: string, env: Record<string, string>): void {
  writeFileSync(
    file,
    Object.entries(env)
      .map(([k, v]) => `${k}="${v.replace(/"/g, '\\"')}"`)
      .join('\n') + '\n',
  );
}

async function waitUntilAnswering(
  url: string,
  child: ChildProcess,
  logs: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`twilio-run exited with ${child.exitCode}:\n${logs()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`twilio-run did not answer at ${url} within ${timeoutMs} ms:\n${logs()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts the sandbox (in this process) and the Functions under `twilio-run start`, wired together
 * by configuration only: an --env file with the default account's credentials, the sandbox URL and
 * NODE_OPTIONS=--require dist/sandbox/preload.js, which routes *.twilio.com to the sandbox.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const root = packageRoot();
  const preload = path.join(root, 'dist', 'sandbox', 'preload.js');
  if (!existsSync(preload))
    throw new Error(`${preload} is missing: run \`npm run build -w dual-channel-rec-serverless\` first`);
  const functionsFolder = opts.functionsFolder ?? path.join(root, 'dist', 'functions');
  const forkProcess = opts.forkProcess ?? true;
  const sandbox = await startSandbox({ port: opts.sandboxPort ?? 0 });
  const functionsPort = opts.functionsPort ?? (await freePort());
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dcr-stack-'));
  const envFile = path.join(tmp, '.env');
  const { ALLOWED_ORIGINS: extraOrigins, ...extraEnv } = opts.env ?? {};
  const routing = {
    NODE_OPTIONS: `--require ${preload}`,
    TWILIO_SANDBOX_URL: sandbox.url,
    // Functions outside the package (test fixtures in a temp folder) still resolve its packages.
    NODE_PATH: [path.join(root, 'node_modules'), path.join(root, '..', 'node_modules')].join(path.delimiter),
  };
  writeEnvFile(envFile, {
    ACCOUNT_SID: sandbox.accountSid,
    AUTH_TOKEN: sandbox.authToken,
    TWILIO_WORKSPACE_SID: sandbox.workspaceSid,
    ALLOWED_ORIGINS: ['https://flex.twilio.com', ...(extraOrigins ? [extraOrigins] : [])].join(','),
    PUBLIC_BASE_URL: `http://127.0.0.1:${functionsPort}`,
    ...routing,
    ...extraEnv,
  });
  const args = [
    require.resolve('twilio-run/bin/twilio-run.js'),
    'start',
    '--cwd',
    root,
    '--functions-folder',
    // twilio-run joins this onto --cwd, so an absolute folder must be given relative to it.
    path.relative(root, functionsFolder),
    '--port',
    String(functionsPort),
    '--env',
    envFile,
    '--no-logs',
    ...(opts.live ? [] : ['--no-live']),
  ];
  if (!forkProcess) args.push('--no-fork-process');
  // Without forking, the functions run inside twilio-run itself, which therefore needs the preload.
  // With forking, only the env file reaches them (twilio-run replaces process.env with it).
  const { NODE_OPTIONS: _ignored, ...parentEnv } = process.env;
  const childEnv: NodeJS.ProcessEnv = { ...parentEnv, CI: 'true', ...(forkProcess ? {} : routing) };
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer, to: NodeJS.WriteStream): void => {
    output += chunk.toString();
    if (opts.inheritOutput) to.write(chunk);
  };
  child.stdout?.on('data', (c: Buffer) => collect(c, process.stdout));
  child.stderr?.on('data', (c: Buffer) => collect(c, process.stderr));
  const functionsUrl = `http://127.0.0.1:${functionsPort}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
    await sandbox.close();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(functionsUrl, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    functionsUrl,
    sandboxUrl: sandbox.url,
    sandbox: new SandboxClient(sandbox.url),
    accountSid: sandbox.accountSid,
    authToken: sandbox.authToken,
    workspaceSid: sandbox.workspaceSid,
    envFile,
    logs: () => output,
    stop,
  };
}
