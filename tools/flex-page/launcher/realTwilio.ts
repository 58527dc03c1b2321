import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

import { startFunctions } from '@dual-channel-recording/local-stack/functions';

import { PLUGIN_DIR, REPO_ROOT, SERVERLESS_DIR } from '../server/paths';
import type { Credentials } from './credentials';

/** True when the Twilio CLI (`twilio`) is on the PATH. */
function hasTwilioCli(): boolean {
  const probe = spawnSync('twilio', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

/**
 * Runs the Functions against the real account (twilio-run reads the credentials from the .env file)
 * and, when the Twilio CLI is installed, the plugin in a local Flex with `twilio flex:plugins:start`.
 * Ctrl-C / SIGTERM stop both.
 */
export async function runAgainstTwilio(credentials: Credentials, npm: string): Promise<void> {
  console.log(`Twilio credentials found in ${credentials.envFile} (account ${credentials.accountSid}).`);
  console.log('Running against your real Twilio account: no sandbox, no stand-in page.');
  const serverless = SERVERLESS_DIR;
  const built = spawnSync(npm, ['run', 'build', '-w', 'dual-channel-rec-serverless'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const children: ChildProcess[] = [];
  const functionsPort = Number(process.env.FUNCTIONS_PORT ?? 3000);
  // The Functions as deployed: twilio-run on Node 22 behind the local Functions gateway.
  const functions = await startFunctions({
    functionsFolder: path.join(serverless, 'dist', 'functions'),
    envFile: credentials.envFile,
    port: functionsPort,
    forkProcess: true,
    live: false,
    inheritOutput: true,
  });
  console.log(
    `Functions: ${functions.url} (Node ${functions.node.version}${functions.gateway ? ', behind the local gateway' : ''})`,
  );
  if (hasTwilioCli()) {
    children.push(spawn('twilio', ['flex:plugins:start'], { cwd: PLUGIN_DIR, stdio: 'inherit' }));
  } else {
    console.log(
      [
        '',
        'The Twilio CLI is not installed, so the plugin is not started (the Functions are).',
        '  Install it with `npm install -g twilio-cli` and `twilio plugins:install @twilio-labs/plugin-flex`,',
        '  log in with `twilio login`, then run `npm start` again to also run the plugin in Flex.',
        `  Functions: ${functions.url}`,
        '',
      ].join('\n'),
    );
  }
  const stop = (signal: NodeJS.Signals): void => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
    void functions.stop().then(() => {
      if (children.every((child) => child.exitCode !== null)) process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (const child of children) {
    child.on('exit', (code) => {
      if (children.every((c) => c.exitCode !== null))
        void functions.stop().then(() => process.exit(code ?? 0));
    });
  }
}
