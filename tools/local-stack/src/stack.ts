import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FunctionsNode } from './gateway/functions-runtime';
import type { RunningGateway } from './gateway/server';
import type { GatewaySettings } from './gateway/settings';
import { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import {
  parseConcurrencySetting,
  SANDBOX_CONCURRENCY_ENV,
} from '@dual-channel-recording/twilio-sandbox/concurrency';
import { sandboxPreloadPath } from '@dual-channel-recording/twilio-sandbox/preload-path';
import { startSandbox } from '@dual-channel-recording/twilio-sandbox/server';
import { keepSyncService } from '@dual-channel-recording/twilio-sandbox/sync-store';
import { ACCESS_LOG_SERVICE_NAME } from '@dual-channel-recording/contract';
import { freePort } from './free-port';
import type { RunningFunctions } from './functions';
import { startFunctions } from './functions';
import { packageRoot } from './functions-package';

/** The local product's access-log Sync service (a fixed SID, like the sandbox's default account). */
export const LOCAL_ACCESS_LOG_SERVICE_SID = 'IS' + 'a'.repeat(32);

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
  /** Port clients call the Functions on: the gateway's, or twilio-run's without it (default: a free one). */
  functionsPort?: number;
  /**
   * The local Functions gateway in front of twilio-run (./gateway): on by default with Twilio's
   * limits (or the GATEWAY_* environment), settings here override them; `false` serves twilio-run
   * directly. FUNCTIONS_GATEWAY=off in the environment turns it off where this is not given.
   */
  gateway?: boolean | Partial<GatewaySettings>;
  /**
   * Twilio's REST concurrency limit in the sandbox: requests in flight per account, 429 / 20429
   * beyond; null for none. Default: SANDBOX_MAX_CONCURRENCY from the environment (a number or
   * `off`), else 100.
   */
  twilioConcurrency?: number | null;
  /** Forward twilio-run's output to this process's stdout/stderr (default: false; kept in `logs()`). */
  inheritOutput?: boolean;
  /**
   * Reload every Function module on each request (twilio-run's `--live`, default false). Deployed
   * Functions keep their modules loaded between invocations; `--live` re-requires the twilio SDK on
   * every request, which costs tens of milliseconds of CPU each and dominates bursts.
   */
  live?: boolean;
}

/** A running sandbox + twilio-run, with the gateway in front unless turned off. */
export interface Stack {
  /** What clients call: the gateway, or twilio-run when the gateway is off. */
  functionsUrl: string;
  /** twilio-run itself, behind the gateway (the dev server's request shape: Host and all). */
  twilioRunUrl: string;
  /** twilio-run's process id (the benchmark reads its CPU time from /proc). */
  twilioRunPid: number | undefined;
  /** The gateway (settings, counters), when on. */
  gateway: RunningGateway | undefined;
  /** The Node the Functions run on. */
  functionsNode: FunctionsNode;
  sandboxUrl: string;
  sandbox: SandboxClient;
  accountSid: string;
  /** The access log's Sync service (ACCESS_LOG_SYNC_SERVICE_SID of the Functions). */
  accessLogServiceSid: string;
  authToken: string;
  workspaceSid: string;
  /** The env file given to twilio-run (for debugging). */
  envFile: string;
  /** twilio-run's output so far. */
  logs(): string;
  /** Closes the gateway, kills twilio-run's whole process group and closes the sandbox. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export { freePort } from './free-port';

/** Writes a dotenv file (values double-quoted, so spaces in NODE_OPTIONS survive). */
function writeEnvFile(file: string, env: Record<string, string>): void {
  writeFileSync(
    file,
    Object.entries(env)
      .map(([k, v]) => `${k}="${v.replace(/"/g, '\\"')}"`)
      .join('\n') + '\n',
  );
}

/**
 * Starts the sandbox (in this process) and the Functions under `twilio-run start`, wired together
 * by configuration only: an --env file with the default account's credentials, the sandbox URL and
 * NODE_OPTIONS=--require the sandbox's built preload, which routes *.twilio.com to the sandbox.
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const root = packageRoot();
  const preload = sandboxPreloadPath();
  if (!existsSync(preload))
    throw new Error(
      `${preload} is missing: run \`npm run build -w @dual-channel-recording/twilio-sandbox\` first`,
    );
  const functionsFolder = opts.functionsFolder ?? path.join(root, 'dist', 'functions');
  const forkProcess = opts.forkProcess ?? true;
  let maxConcurrency = opts.twilioConcurrency;
  if (maxConcurrency === undefined) {
    const parsed = parseConcurrencySetting(process.env[SANDBOX_CONCURRENCY_ENV]);
    if (!parsed.ok) throw new Error(parsed.problem);
    maxConcurrency = parsed.limit;
  }
  const sandbox = await startSandbox({ port: opts.sandboxPort ?? 0, maxConcurrency });
  // The product's own Sync service for the access log, as `npm run deploy` creates it (kept across resets).
  keepSyncService(sandbox.state, {
    sid: LOCAL_ACCESS_LOG_SERVICE_SID,
    accountSid: sandbox.accountSid,
    friendlyName: ACCESS_LOG_SERVICE_NAME,
  });
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
    // The URL Twilio calls back, as deployed: the public one (the gateway), never twilio-run's own.
    PUBLIC_BASE_URL: `http://127.0.0.1:${functionsPort}`,
    ACCESS_LOG_SYNC_SERVICE_SID: LOCAL_ACCESS_LOG_SERVICE_SID,
    ...routing,
    ...extraEnv,
  });
  // Without forking, the functions run inside twilio-run itself, which therefore needs the preload.
  // With forking, only the env file reaches them (twilio-run replaces process.env with it).
  const { NODE_OPTIONS: _ignored, ...parentEnv } = process.env;
  let functions: RunningFunctions;
  try {
    functions = await startFunctions({
      functionsFolder,
      envFile,
      port: functionsPort,
      forkProcess,
      live: opts.live ?? false,
      gateway: opts.gateway,
      processEnv: { ...parentEnv, CI: 'true', ...(forkProcess ? {} : routing) },
      inheritOutput: opts.inheritOutput,
    });
  } catch (err) {
    await sandbox.close();
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    functionsUrl: functions.url,
    twilioRunUrl: functions.twilioRunUrl,
    twilioRunPid: functions.twilioRunPid,
    gateway: functions.gateway,
    functionsNode: functions.node,
    sandboxUrl: sandbox.url,
    sandbox: new SandboxClient(sandbox.url),
    accountSid: sandbox.accountSid,
    accessLogServiceSid: LOCAL_ACCESS_LOG_SERVICE_SID,
    authToken: sandbox.authToken,
    workspaceSid: sandbox.workspaceSid,
    envFile,
    logs: () => functions.logs(),
    stop: async () => {
      await functions.stop();
      await sandbox.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
