/**
 * `npm start -w @dual-channel-recording/local-stack`: the Functions under twilio-run, ready for the
 * plugin. With Twilio credentials in .env it runs against that real Twilio account; otherwise it
 * starts the local sandbox too, seeds a demo worker and prints the Flex token to use.
 */
import path from 'node:path';
import type { FunctionsNode } from './gateway/functions-runtime';
import { findAccountEnvFile } from './account';
import { startFunctions } from './functions';
import { startStack } from './stack';
import { packageRoot } from './functions-package';

const FUNCTIONS_PORT = Number(process.env.FUNCTIONS_PORT ?? 3000);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4010);

/** Stops `stop` once on Ctrl-C / SIGTERM, then exits. */
function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** One line saying what the Functions run on and behind what. */
function describeFunctions(url: string, node: FunctionsNode, gatewayOn: boolean): string {
  const front = gatewayOn
    ? 'behind the local Functions gateway'
    : 'twilio-run directly (FUNCTIONS_GATEWAY=off)';
  return `${url}   (Node ${node.version} from the ${node.source}; ${front})`;
}

async function runAgainstRealTwilio(root: string, envFile: string): Promise<void> {
  console.log(
    `Real credentials found in ${envFile}: starting twilio-run against your Twilio account (no sandbox).`,
  );
  const functions = await startFunctions({
    functionsFolder: path.join(root, 'dist', 'functions'),
    envFile,
    port: FUNCTIONS_PORT,
    forkProcess: true,
    live: false,
    inheritOutput: true,
  });
  console.log(
    `  Functions: ${describeFunctions(functions.url, functions.node, functions.gateway !== undefined)}`,
  );
  stopOnSignal(functions.stop);
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
  console.log(
    `  Functions:        ${describeFunctions(stack.functionsUrl, stack.functionsNode, stack.gateway !== undefined)}`,
  );
  if (stack.gateway) console.log(`  Gateway counters: ${stack.functionsUrl}/__gateway/stats`);
  console.log(`  Twilio sandbox:   ${stack.sandboxUrl}   (control API: ${stack.sandboxUrl}/__sandbox/state)`);
  console.log(`  ACCOUNT_SID:      ${stack.accountSid}`);
  console.log(`  Workspace:        ${stack.workspaceSid}`);
  console.log(`  Demo worker:      ${worker.workerSid} (${worker.identity})`);
  console.log(`  Demo Flex token:  ${worker.token}`);
  console.log('Press Ctrl-C to stop.');
  stopOnSignal(stack.stop);
}

const root = packageRoot();
// Real credentials as the contract's parser reads them: an auth token, or an API key and secret.
const account = findAccountEnvFile([path.join(root, '.env')]);
(account ? runAgainstRealTwilio(root, account.envFile) : runWithSandbox()).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
