/**
 * Runs the compiled `npm run deploy` script as a user would, without a Twilio account: it must refuse
 * with the settings named, and a dry run must print the plan without leaking the auth token.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const script = path.join(root, 'dist', 'deploy', 'deploy.js');
let tmp: string;

beforeAll(() => {
  if (!existsSync(script))
    throw new Error(`${script} is missing: run \`npm run build -w dual-channel-rec-serverless\` first`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'deploy-test-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the deploy script with a clean environment (no Twilio credentials leak in from the shell). */
function deploy(args: string[], envFile: string): { status: number | null; out: string } {
  const {
    ACCOUNT_SID: _a,
    AUTH_TOKEN: _b,
    API_KEY: _c,
    API_SECRET: _d,
    TWILIO_WORKSPACE_SID: _e,
    ...env
  } = process.env;
  const result = spawnSync(process.execPath, [script, '--env-file', envFile, ...args], {
    cwd: root,
    env: { ...env, PATH: '/usr/bin:/bin' },
    encoding: 'utf8',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

it('refuses to deploy with an empty .env and names each missing setting', () => {
  const envFile = path.join(tmp, 'empty.env');
  writeFileSync(envFile, '');
  const { status, out } = deploy([], envFile);
  expect(status).toBe(1);
  expect(out).toMatch(/Not deploying/);
  expect(out).toMatch(/ACCOUNT_SID is missing/);
  expect(out).toMatch(/AUTH_TOKEN is missing/);
  expect(out).toMatch(/TWILIO_WORKSPACE_SID is missing/);
  expect(out).not.toMatch(/▶/);
});

it('refuses the plugin half when the Twilio CLI is not installed, before uploading anything', () => {
  const envFile = path.join(tmp, 'full.env');
  writeFileSync(
    envFile,
    `ACCOUNT_SID=AC${'1'.repeat(32)}\nAUTH_TOKEN=super-secret-token\nTWILIO_WORKSPACE_SID=WS${'2'.repeat(32)}\n`,
  );
  const { status, out } = deploy([], envFile);
  expect(status).toBe(1);
  expect(out).toMatch(/Twilio CLI is not installed/);
  expect(out).toMatch(/--functions-only/);
  expect(out).not.toMatch(/▶/);
});

it('prints the plan in a dry run with the auth token masked and no credentials uploaded', () => {
  const envFile = path.join(tmp, 'dry.env');
  writeFileSync(
    envFile,
    [
      `ACCOUNT_SID=AC${'1'.repeat(32)}`,
      'AUTH_TOKEN=super-secret-token',
      `TWILIO_WORKSPACE_SID=WS${'2'.repeat(32)}`,
      'ALLOWED_ORIGINS=https://flex.twilio.com',
    ].join('\n'),
  );
  const { status, out } = deploy(['--dry-run'], envFile);
  expect(status).toBe(0);
  expect(out).toMatch(/Function variables: ALLOWED_ORIGINS, TWILIO_WORKSPACE_SID\n/);
  expect(out).toMatch(/twilio-run\.js deploy --functions-folder dist\/functions .*--production/);
  // The runtime the local Functions are tested on (tools/local-stack/src/gateway/functions-runtime.ts).
  expect(out).toMatch(/ --runtime node22 /);
  expect(out).toMatch(/flex:plugins:deploy/);
  expect(out).toMatch(/flex:plugins:release --plugin plugin-dual-channel-recording@/);
  expect(out).toMatch(/Dry run: nothing was deployed/);
  expect(out).not.toContain('super-secret-token');
});

it('deploys with an API key when one is given, uploads it for the Functions and never prints its secret', () => {
  const envFile = path.join(tmp, 'api-key.env');
  writeFileSync(
    envFile,
    [
      `ACCOUNT_SID=AC${'1'.repeat(32)}`,
      `API_KEY=SK${'3'.repeat(32)}`,
      'API_SECRET=super-secret-key-secret',
      `TWILIO_WORKSPACE_SID=WS${'2'.repeat(32)}`,
    ].join('\n'),
  );
  const { status, out } = deploy(['--dry-run', '--functions-only'], envFile);
  expect(status).toBe(0);
  expect(out).toMatch(/Function variables: API_KEY, API_SECRET, TWILIO_WORKSPACE_SID\n/);
  expect(out).toMatch(
    new RegExp(`twilio-run\\.js deploy .*--username SK${'3'.repeat(32)} --password \\*\\*\\*\\*`),
  );
  expect(out).not.toContain('super-secret-key-secret');
});
