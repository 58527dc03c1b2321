/**
 * `npm run deploy`: deploys the Functions (Serverless Toolkit) and the plugin (Flex Plugins CLI) to the
 * Twilio account configured in the environment or `.env`, refusing with every missing setting named
 * before anything is uploaded.
 *
 *   npm run deploy [-- --functions-only | --plugin-only] [--dev] [--dry-run] [--env-file PATH]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FUNCTIONS_RUNTIME } from './runtime';
import { packageRoot } from './package-root';
import type { DeploySettings } from './settings';
import { basicAuthOf } from '@dual-channel-recording/contract';
import { parseDeploySettings, twilioCliEnv } from './settings';
import { readEnvFile } from './env-file';
import { accessLogServiceStep } from './access-log-service';

const PLUGIN_NAME = 'plugin-dual-channel-recording';

/** A step of the plan: a command and where it runs; `secretEnv` never reaches the printed plan. */
interface Step {
  title: string;
  cwd: string;
  command: string;
  args: string[];
  secretEnv?: Record<string, string>;
}

function parseCli(): {
  functionsOnly: boolean;
  pluginOnly: boolean;
  dev: boolean;
  dryRun: boolean;
  envFile?: string;
} {
  const { values } = parseArgs({
    options: {
      'functions-only': { type: 'boolean', default: false },
      'plugin-only': { type: 'boolean', default: false },
      dev: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'env-file': { type: 'string' },
    },
  });
  return {
    functionsOnly: values['functions-only'] ?? false,
    pluginOnly: values['plugin-only'] ?? false,
    dev: values.dev ?? false,
    dryRun: values['dry-run'] ?? false,
    envFile: values['env-file'],
  };
}

/** Settings a CI job passes as environment variables, with no `.env` file on disk. */
const SHELL_SETTINGS = [
  'ACCOUNT_SID',
  'AUTH_TOKEN',
  'API_KEY',
  'API_SECRET',
  'TWILIO_WORKSPACE_SID',
  'ALLOWED_ORIGINS',
  'PAUSE_BEHAVIOR',
  'PAUSE_ROLES',
  'TWILIO_REGION',
  'TWILIO_EDGE',
  'SERVICE_NAME',
  'SERVERLESS_ENVIRONMENT',
  'ACCESS_LOG_SYNC_SERVICE_SID',
];

/** Later sources win: the repository's `.env`, the serverless `.env`, then the shell (CI secrets). */
function mergedEnv(serverlessRoot: string, envFile: string | undefined): Record<string, string> {
  const files = envFile
    ? [path.resolve(envFile)]
    : [path.join(serverlessRoot, '..', '.env'), path.join(serverlessRoot, '.env')];
  const merged: Record<string, string> = {};
  for (const file of files) Object.assign(merged, readEnvFile(file));
  for (const key of Object.keys(merged)) {
    const fromShell = process.env[key];
    if (fromShell !== undefined && fromShell !== '') merged[key] = fromShell;
  }
  for (const key of SHELL_SETTINGS) {
    const fromShell = process.env[key];
    if (fromShell) merged[key] = fromShell;
  }
  return merged;
}

function hasTwilioCli(): boolean {
  return spawnSync('twilio', ['--version'], { stdio: 'ignore' }).status === 0;
}

function pluginVersion(pluginDir: string): string {
  return (JSON.parse(readFileSync(path.join(pluginDir, 'package.json'), 'utf8')) as { version: string })
    .version;
}

function plan(settings: DeploySettings, serverlessRoot: string, functionEnvFile: string): Step[] {
  const steps: Step[] = [];
  const pluginDir = path.join(serverlessRoot, '..', PLUGIN_NAME);
  const auth = basicAuthOf(settings.credentials);
  if (settings.targets.functions) {
    steps.push({ title: 'Build the Functions', cwd: serverlessRoot, command: 'npm', args: ['run', 'build'] });
    steps.push({
      title: `Deploy the Functions to the "${settings.serviceName}" service (${settings.environment})`,
      cwd: serverlessRoot,
      command: process.execPath,
      args: [
        require.resolve('twilio-run/bin/twilio-run.js'),
        'deploy',
        '--functions-folder',
        'dist/functions',
        '--no-assets',
        '--service-name',
        settings.serviceName,
        '--env',
        functionEnvFile,
        '--override-existing-project',
        // Named, never left to Twilio: without it a service keeps the runtime of its last build,
        // which may be one Twilio no longer runs (error 82007), and the local tests run on this one.
        '--runtime',
        FUNCTIONS_RUNTIME,
        ...(settings.environment === 'production'
          ? ['--production']
          : ['--environment', settings.environment]),
        '--username',
        auth.username,
        '--password',
        auth.password,
      ],
    });
  }
  if (settings.targets.plugin) {
    const version = pluginVersion(pluginDir);
    steps.push({ title: 'Build the plugin', cwd: pluginDir, command: 'npm', args: ['run', 'build'] });
    steps.push({
      title: `Upload ${PLUGIN_NAME}@${version} (Flex Plugins CLI)`,
      cwd: pluginDir,
      command: 'twilio',
      args: ['flex:plugins:deploy', '--changelog', `Dual-channel recording ${version}`],
      secretEnv: twilioCliEnv(settings.credentials),
    });
    steps.push({
      title: `Release ${PLUGIN_NAME}@${version} to every agent`,
      cwd: pluginDir,
      command: 'twilio',
      args: [
        'flex:plugins:release',
        '--plugin',
        `${PLUGIN_NAME}@${version}`,
        '--name',
        `Dual-channel recording ${version}`,
        '--description',
        'Records every accepted voice call in dual channel',
      ],
      secretEnv: twilioCliEnv(settings.credentials),
    });
  }
  return steps;
}

/** The printable form of a command, with the deploy password masked. */
function describe(step: Step, secrets: string[]): string {
  const words = [path.basename(step.command), ...step.args].map((word) =>
    secrets.includes(word) ? '****' : word,
  );
  return words.join(' ');
}

async function main(): Promise<number> {
  const cli = parseCli();
  if (cli.functionsOnly && cli.pluginOnly) {
    console.error('Choose at most one of --functions-only and --plugin-only.');
    return 2;
  }
  const serverlessRoot = packageRoot();
  const env = mergedEnv(serverlessRoot, cli.envFile);
  const targets = { functions: !cli.pluginOnly, plugin: !cli.functionsOnly };
  const parsed = parseDeploySettings(env, targets, !cli.dev);
  const problems = parsed.ok ? [] : [...parsed.problems];
  if (targets.plugin && !cli.dryRun && !hasTwilioCli())
    problems.push(
      'The Twilio CLI is not installed: the plugin is deployed with the Flex Plugins CLI ' +
        '(npm install -g twilio-cli && twilio plugins:install @twilio-labs/plugin-flex), ' +
        'or deploy the Functions alone with --functions-only.',
    );
  if (!parsed.ok || problems.length > 0) {
    console.error('Not deploying; fix these settings first (in .env or the environment):');
    for (const problem of problems) console.error(`  - ${problem}`);
    return 1;
  }

  const { settings } = parsed;
  if (settings.targets.functions) {
    const accessLog = await accessLogServiceStep(settings, cli.dryRun);
    if (!accessLog.ok) {
      console.error(`Not deploying: ${accessLog.problem}`);
      return 1;
    }
    if (accessLog.sid !== undefined) settings.functionEnv.ACCESS_LOG_SYNC_SERVICE_SID = accessLog.sid;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dcr-deploy-'));
  const functionEnvFile = path.join(tmp, '.env');
  writeFileSync(
    functionEnvFile,
    Object.entries(settings.functionEnv)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  const secrets = [basicAuthOf(settings.credentials).password];
  try {
    console.log(`Deploying to account ${settings.credentials.accountSid}`);
    console.log(`Function variables: ${Object.keys(settings.functionEnv).sort().join(', ') || '(none)'}`);
    for (const step of plan(settings, serverlessRoot, functionEnvFile)) {
      console.log(`\n▶ ${step.title}\n  ${describe(step, secrets)}`);
      if (cli.dryRun) continue;
      const result = spawnSync(step.command, step.args, {
        cwd: step.cwd,
        stdio: 'inherit',
        env: { ...process.env, ...step.secretEnv, CI: 'true', PERSIST_TERMINAL: 'true' },
      });
      if (result.status !== 0) {
        console.error(
          `\n✖ ${step.title} failed (exit ${result.status ?? result.signal}). Nothing after it ran.`,
        );
        return 1;
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(
    cli.dryRun
      ? '\nDry run: nothing was deployed.'
      : '\nDone. Set ui_attributes.dual_channel_recording.serverless_domain to the domain printed above ' +
          '(README: "Install in a real Twilio account").',
  );
  return 0;
}

void main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Twilio's answer names what failed; never the credentials.
    console.error(`Deploy failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
