/** `GET Calls.json` with Twilio's `To` / `From` filters (what `erase --phone` reads), through the real SDK. */
import twilio from 'twilio';
import { SandboxClient } from './client';
import { installSandboxRouting } from './preload';
import { startSandbox } from './server';
import type { RunningSandbox } from './server';

let sandbox: RunningSandbox;
let control: SandboxClient;
let uninstall: () => void;

beforeAll(async () => {
  sandbox = await startSandbox();
  control = new SandboxClient(sandbox.url);
  uninstall = installSandboxRouting(sandbox.url);
});
afterAll(async () => {
  uninstall();
  await sandbox.close();
});
beforeEach(() => control.reset());
afterEach(() => expect(sandbox.defects).toEqual([]));

it('lists only the calls from (or to) the number, newest first, validated against the 2010 spec', async () => {
  const worker = await control.createWorker({ identity: 'alice' });
  const first = await control.inboundCall({ workerSid: worker.workerSid, from: '+15550001111' });
  await control.inboundCall({ workerSid: worker.workerSid, from: '+15550002222' });
  const second = await control.inboundCall({ workerSid: worker.workerSid, from: '+15550001111' });
  const client = twilio(sandbox.accountSid, sandbox.authToken);
  const from = await client.calls.list({ from: '+15550001111' });
  expect(from.map((c) => c.sid).sort()).toEqual([first.customerCallSid, second.customerCallSid].sort());
  expect(await client.calls.list({ to: '+15550001111' })).toEqual([]);
});
