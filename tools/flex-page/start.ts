/**
 * `npm start` at the repository root.
 *
 * Without Twilio credentials: builds the Functions, the plugin bundle and the Flex page, then runs the
 * local sandbox, the Functions under twilio-run and the page (the real Flex UI), prints the page's URL
 * and a short guide, and stops everything on Ctrl-C / SIGTERM.
 * With Twilio credentials in `.env` (root or dual-channel-rec-serverless/: ACCOUNT_SID with AUTH_TOKEN, or
 * with API_KEY and API_SECRET): runs the Functions
 * against that account with `twilio-run start`, and the plugin with `twilio flex:plugins:start` when
 * the Twilio CLI is installed.
 */
import { spawnSync } from 'node:child_process';

import { readCredentials } from './launcher/credentials';
import { printGuide } from './launcher/guide';
import { runAgainstTwilio } from './launcher/realTwilio';
import { REPO_ROOT } from './server/paths';
import { startLocalProduct } from './server/localProduct';

const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** Runs a build step in the foreground, exiting with its status if it fails. */
function build(title: string, command: string, args: readonly string[]): void {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true', PERSIST_TERMINAL: 'true' },
  });
  if (result.status !== 0) {
    console.error(`✗ ${title} failed (${command} ${args.join(' ')})`);
    process.exit(result.status ?? 1);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function runLocally(): Promise<void> {
  console.log('No Twilio credentials in .env: starting the product on the local Twilio sandbox.');
  build('Building the Functions', npm, ['run', 'build', '-w', 'dual-channel-rec-serverless']);
  build('Building the Twilio sandbox', npm, ['run', 'build', '-w', '@dual-channel-recording/twilio-sandbox']);
  build('Building the production plugin bundle', npm, [
    'run',
    'build',
    '-w',
    'plugin-dual-channel-recording',
  ]);
  build('Building the Flex page (the installed Flex UI for the browser, once per version)', npm, [
    'run',
    'build',
    '-w',
    '@dual-channel-recording/flex-page',
  ]);
  console.log('\n▸ Starting the sandbox, the Functions (twilio-run) and the Flex page');
  const product = await startLocalProduct({
    pagePort: port('PAGE_PORT', 3001),
    functionsPort: port('FUNCTIONS_PORT', 3000),
    sandboxPort: port('SANDBOX_PORT', 4010),
    // The Functions' log lines (twilio-run's output) on this terminal, as `twilio-run start` shows them.
    inheritOutput: true,
  });
  printGuide(product);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the Flex page, the Functions and the sandbox…`);
    // Signal handlers cannot await; the process exits once everything has closed.
    void product.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('could not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // `npm start` runs us under `sh -c`; a SIGTERM sent to npm reaches that shell, which exits without
  // passing it on, leaving us orphaned. Node has no event for losing the parent, so look once a second.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM');
  }, 1000).unref();
}

const credentials = readCredentials();
(credentials ? runAgainstTwilio(credentials, npm) : runLocally()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
