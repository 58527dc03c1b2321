import type { AccessLogEntry, AccessLogRecord } from './chain';
import { GENESIS_HASH, accessLogListName, accessLogListsBetween, chainEntry, verifyAccessLog } from './chain';

const record = (n: number): AccessLogRecord => ({
  at: `2026-12-0${1 + (n % 8)}T10:00:00.000Z`,
  action: 'playback',
  decision: n % 2 === 0 ? 'granted' : 'refused',
  reason: n % 2 === 0 ? 'role:supervisor' : 'playback_denied',
  viewer: { identity: `viewer${n}`, workerSid: `WK${String(n).padStart(32, '0')}`, roles: ['supervisor'] },
  actor: null,
  recordingSid: `RE${String(n).padStart(32, '0')}`,
  taskSid: null,
});

async function chainOf(count: number): Promise<AccessLogEntry[]> {
  const out: AccessLogEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const entry = await chainEntry(record(seq), seq, prev);
    out.push(entry);
    prev = entry.hash;
  }
  return out;
}

describe('the access log hash chain', () => {
  it('an intact chain verifies, with the head matching its last entry', async () => {
    const entries = await chainOf(5);
    const verdict = await verifyAccessLog(entries, { head: { seq: 5, hash: entries[4].hash } });
    expect(verdict.breaks).toEqual([]);
    expect(verdict.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('an edited entry breaks at that entry (its content no longer matches its hash)', async () => {
    const entries = await chainOf(4);
    const edited = [...entries];
    edited[1] = { ...edited[1], viewer: { identity: 'someone-else', workerSid: 'WK1', roles: [] } };
    const verdict = await verifyAccessLog(edited);
    expect(verdict.breaks).toEqual([expect.objectContaining({ seq: 2, kind: 'edited' })]);
  });

  it('an entry edited with its hash recomputed still breaks the link of the next one', async () => {
    const entries = await chainOf(4);
    const forged = await chainEntry({ ...record(2), decision: 'refused' }, 2, entries[0].hash);
    const verdict = await verifyAccessLog([entries[0], forged, entries[2], entries[3]]);
    expect(verdict.breaks).toEqual([expect.objectContaining({ seq: 3, kind: 'unlinked' })]);
  });

  it('a deleted entry in the middle shows as missing', async () => {
    const entries = await chainOf(5);
    const verdict = await verifyAccessLog([entries[0], entries[1], entries[3], entries[4]]);
    expect(verdict.breaks).toEqual([expect.objectContaining({ seq: 3, kind: 'missing' })]);
  });

  it('a deleted last entry shows against the head', async () => {
    const entries = await chainOf(3);
    const verdict = await verifyAccessLog(entries.slice(0, 2), { head: { seq: 3, hash: entries[2].hash } });
    expect(verdict.breaks).toEqual([expect.objectContaining({ seq: 3, kind: 'truncated' })]);
  });

  it('a deleted first entry shows: entry 2 does not start the chain from the previous month', async () => {
    const entries = await chainOf(3);
    const verdict = await verifyAccessLog(entries.slice(1), {
      before: { ...entries[0], hash: 'f'.repeat(64) },
    });
    expect(verdict.breaks).toEqual([expect.objectContaining({ seq: 2, kind: 'unlinked' })]);
  });

  it('an exact copy of an entry (an append retried after a lost answer) is counted, not a break', async () => {
    const entries = await chainOf(3);
    const verdict = await verifyAccessLog([entries[0], entries[1], entries[1], entries[2]]);
    expect(verdict.breaks).toEqual([]);
    expect(verdict.duplicates).toBe(1);
    expect(verdict.entries).toHaveLength(3);
  });

  it('an item that is not an entry is a break, never skipped silently', async () => {
    const entries = await chainOf(2);
    const verdict = await verifyAccessLog([entries[0], { hello: 'world' }, entries[1]]);
    expect(verdict.breaks).toEqual([expect.objectContaining({ kind: 'unreadable' })]);
  });

  it('names one list per UTC month, and the months a window spans', () => {
    expect(accessLogListName(new Date('2026-12-31T23:59:59Z'))).toBe('access-log-2026-12');
    expect(accessLogListsBetween(new Date('2026-11-15T00:00:00Z'), new Date('2027-01-02T00:00:00Z'))).toEqual(
      ['access-log-2026-11', 'access-log-2026-12', 'access-log-2027-01'],
    );
  });
});
