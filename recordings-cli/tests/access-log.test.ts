/**
 * `dual-channel-recordings access-log` end to end (issue 24 §1): the compiled bin against the
 * sandbox's Sync, reading entries written the way the Functions write them, filtering them, and
 * verifying the hash chain: an edited or deleted entry is found and the exit code is 1.
 */
import type { AccessLogReport } from '../src/access-log/read-log';
import type { CliSandbox } from './helpers';
import { runCli, tempDir, withCliSandbox } from './helpers';
import {
  createAccessLogService,
  deleteItem,
  editItem,
  listItems,
  playbackRecord,
  seedAccessLog,
} from './sync-helpers';

let s: CliSandbox;

jest.setTimeout(30_000);

withCliSandbox((started) => (s = started));

const RE1 = `RE${'1'.repeat(32)}`;
const RE2 = `RE${'2'.repeat(32)}`;

async function accessLog(serviceSid: string, args: string[]) {
  const run = await runCli(
    ['access-log', ...args],
    { ...s.env, ACCESS_LOG_SYNC_SERVICE_SID: serviceSid },
    tempDir(),
  );
  return {
    ...run,
    report: run.stdout.startsWith('{') ? (JSON.parse(run.stdout) as AccessLogReport) : undefined,
  };
}

async function seededLog(): Promise<string> {
  const serviceSid = await createAccessLogService(s);
  await seedAccessLog(s, serviceSid, [
    playbackRecord('2026-11-30T22:00:00.000Z', RE1, 'sam'),
    playbackRecord('2026-12-01T09:00:00.000Z', RE2, 'ada'),
    playbackRecord('2026-12-02T09:00:00.000Z', RE1, 'ada'),
    playbackRecord('2026-12-03T09:00:00.000Z', RE2, 'sam'),
  ]);
  return serviceSid;
}

it('lists the window’s entries across months, filtered by recording and viewer, and says the chain is intact', async () => {
  const serviceSid = await seededLog();
  const all = await accessLog(serviceSid, ['--since', '2026-11-01', '--until', '2026-12-31', '--json']);
  expect(all.code).toBe(0);
  expect(all.report?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  expect(all.report?.breaks).toEqual([]);

  const filtered = await accessLog(serviceSid, [
    '--since',
    '2026-11-01',
    '--until',
    '2026-12-31',
    '--recording',
    RE1,
    '--viewer',
    'ada',
    '--json',
  ]);
  expect(filtered.report?.entries.map((e) => e.seq)).toEqual([3]);

  const text = await accessLog(serviceSid, ['--since', '2026-12-02', '--until', '2026-12-02T23:59:59Z']);
  expect(text.code).toBe(0);
  expect(text.stdout).toContain(`#3  playback granted (role:supervisor)  ${RE1}`);
  expect(text.stdout).toContain('Chain intact.');
});

it('an entry edited in Sync is detected: exit 1 and the entry named', async () => {
  const serviceSid = await seededLog();
  const [, second] = await listItems(s, serviceSid, 'access-log-2026-12');
  await editItem(s, serviceSid, 'access-log-2026-12', second.index, { ...second.data, decision: 'refused' });
  const run = await accessLog(serviceSid, ['--since', '2026-12-01', '--until', '2026-12-31']);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('CHAIN BROKEN at #3 (edited)');
});

it('a deleted entry is detected, in the middle, as the month’s first (against the month before) and as the last (against the head)', async () => {
  for (const [position, expected] of [
    [1, 'CHAIN BROKEN at #3 (missing)'],
    [0, 'CHAIN BROKEN at #2 (missing): entry 2 is missing'],
    [2, 'CHAIN BROKEN at #4 (truncated)'],
  ] as const) {
    await s.client.reset();
    const serviceSid = await seededLog();
    const items = await listItems(s, serviceSid, 'access-log-2026-12');
    await deleteItem(s, serviceSid, 'access-log-2026-12', items[position].index);
    const run = await accessLog(serviceSid, ['--since', '2026-12-01', '--until', '2026-12-31']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(expected);
  }
});

it('bad input changes nothing and says what is wrong: a window that is not a window, a bad SID, a missing service', async () => {
  const serviceSid = await seededLog();
  const backwards = await accessLog(serviceSid, ['--since', '2026-12-31', '--until', '2026-12-01']);
  expect(backwards.code).toBe(2);
  expect(backwards.stderr).toContain('--since must not be after --until');
  const badSid = await accessLog(serviceSid, [
    '--since',
    '2026-12-01',
    '--until',
    '2026-12-31',
    '--recording',
    'RE1',
  ]);
  expect(badSid.code).toBe(2);
  expect(badSid.stderr).toContain('--recording needs recording SIDs');
  const noService = await runCli(
    ['access-log', '--since', '2026-12-01', '--until', '2026-12-31'],
    s.env,
    tempDir(),
  );
  expect(noService.code).toBe(3);
  expect(noService.stderr).toContain('ACCESS_LOG_SYNC_SERVICE_SID');
});
