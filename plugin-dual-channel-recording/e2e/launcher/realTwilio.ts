import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';

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
export function runAgainstTwilio(credentials: Credentials, npm: string): void {
  console.log(`Twilio credentials found in ${credentials.envFile} (account ${credentials.accountSid}).`);
  console.log('Running against your real Twilio account: no sandbox, no stand-in page.');
  const serverless = SERVERLESS_DIR;
  const built = spawnSync(npm, ['run', 'build', '-w', 'dual-channel-rec-serverless'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const children: ChildProcess[] = [];
  const functionsPort = process.env.FUNCTIONS_PORT ?? '3000';
  children.push(
    spawn(
      process.execPath,
      [
        require.resolve('twilio-run/bin/twilio-run.js'),
        'start',
        '--functions-folder',
        'dist/functions',
        '--port',
        functionsPort,
        '--env',
        credentials.envFile,
      ],
      { cwd: serverless, stdio: 'inherit' },
    ),
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
        `  Functions: http://localhost:${functionsPort}`,
        '',
      ].join('\n'),
    );
  }
  const stop = (signal: NodeJS.Signals): void => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let running = children.length;
  for (const child of children) {
    child.on('exit', (code) => {
      running -= 1;
      if (running === 0) process.exit(code ?? 0);
    });
  }
}
