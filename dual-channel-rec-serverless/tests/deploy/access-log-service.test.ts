/**
 * `npm run deploy` finds or creates the product's own Sync service for the access log, never Flex's
 * (issue 24 §1). Through the real twilio SDK against the sandbox's Sync, validated against
 * twilio_sync_v1.json.
 */
import twilio from 'twilio';
import { ACCESS_LOG_SERVICE_NAME } from '@dual-channel-recording/contract';
import { ensureAccessLogService } from '../../src/access-log/provision';
import { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import { installSandboxRouting } from '@dual-channel-recording/twilio-sandbox/preload';
import { startSandbox, type RunningSandbox } from '@dual-channel-recording/twilio-sandbox/server';

let sandbox: RunningSandbox;
let uninstall: () => void;

beforeAll(async () => {
  sandbox = await startSandbox();
  uninstall = installSandboxRouting(sandbox.url);
});
afterAll(async () => {
  uninstall();
  await sandbox.close();
});
beforeEach(() => new SandboxClient(sandbox.url).reset());
afterEach(() => expect(sandbox.defects).toEqual([]));

const client = (): twilio.Twilio => twilio(sandbox.accountSid, sandbox.authToken);

it('creates its own service (ACLs on) beside Flex’s, and finds the same one on the next deploy', async () => {
  const flex = await client().sync.v1.services.create({ friendlyName: 'Default Service' });
  const first = await ensureAccessLogService(client(), undefined);
  expect(first).toMatchObject({ ok: true, created: true });
  const sid = first.ok ? first.sid : '';
  expect(sid).not.toBe(flex.sid);
  const service = await client().sync.v1.services(sid).fetch();
  expect(service.friendlyName).toBe(ACCESS_LOG_SERVICE_NAME);
  expect(service.aclEnabled).toBe(true);
  expect(await ensureAccessLogService(client(), undefined)).toEqual({ ok: true, sid, created: false });
  expect((await client().sync.v1.services.list()).length).toBe(2);
});

it('refuses a configured SID that is not the product’s service (Flex’s, say), and one that does not exist', async () => {
  const flex = await client().sync.v1.services.create({ friendlyName: 'Default Service' });
  const refused = await ensureAccessLogService(client(), flex.sid);
  expect(refused).toMatchObject({ ok: false, problem: expect.stringContaining('never Flex') });
  expect(await ensureAccessLogService(client(), 'IS' + 'f'.repeat(32))).toMatchObject({ ok: false });
  expect((await client().sync.v1.services.list()).length).toBe(1);
});
