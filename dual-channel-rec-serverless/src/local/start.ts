/**
 * `npm start -w dual-channel-rec-serverless`: the Functions under twilio-run, ready for the plugin.
 * With ACCOUNT_SID and AUTH_TOKEN in .env it runs against that real Twilio account; otherwise it
 * starts the local sandbox too, seeds a demo worker and prints the Flex token to use.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startStack } from './stack';
import { packageRoot } from './package-root';
import { readEnvFile } from '../env-file';

const FUNCTIONS_PORT = Number(process.env.FUNCTIONS_PORT ?? 3000);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4010);

function runAgainstRealTwilio(root: string, envFile: string): void {
  console.log(
    `Real credentials found in ${envFile}: starting twilio-run against your Twilio account (no sandbox).`,
  );
  const child = spawn(
    process.execPath,
    [
      require.resolve('twilio-run/bin/twilio-run.js'),
      'start',
      '--functions-folder',
      'dist/functions',
      '--port',
      String(FUNCTIONS_PORT),
      '--env',
      envFile,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.once('SIGINT', forward);
  process.once('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function runWithSandbox(): Promise<void> {
  const stack = await startStack({
    forkProcess: false,
    sandboxPort: SANDBOX_PORT,
    functionsPort: FUNCTIONS_PORT,
    inheritOutput: true,
    env: { ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS ?? 'http://localhost:3001,http://127.0.0.1:3001' },
  });
  const worker = await stack.sandbox.createWorker({
    identity: 'demo-agent',
    friendlyName: 'Demo Agent',
    roles: ['agent'],
  });
  console.log('');
  console.log('Local stack ready (Twilio sandbox + Functions)');
  console.log(`  Functions:        ${stack.functionsUrl}`);
  console.log(`  Twilio sandbox:   ${stack.sandboxUrl}   (control API: ${stack.sandboxUrl}/__sandbox/state)`);
  console.log(`  ACCOUNT_SID:      ${stack.accountSid}`);
  console.log(`  Workspace:        ${stack.workspaceSid}`);
  console.log(`  Demo worker:      ${worker.workerSid} (${worker.identity})`);
  console.log(`  Demo Flex token:  ${worker.token}`);
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void stack.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const root = packageRoot();
const envFile = path.join(root, '.env');
const env = readEnvFile(envFile);
if (env.ACCOUNT_SID && env.AUTH_TOKEN) runAgainstRealTwilio(root, envFile);
else
  runWithSandbox().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
