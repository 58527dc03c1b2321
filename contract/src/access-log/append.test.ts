import type { AccessLogEntry, AccessLogRecord } from './chain';
import { verifyAccessLog } from './chain';
import type { AccessLogHead, AccessLogStore } from './append';
import { AccessLogContentionError, appendAccessLog } from './append';

/** A store with Sync's semantics: the head moves only from the revision it has. */
class MemoryStore implements AccessLogStore {
  revision = 0;
  last: AccessLogEntry | undefined;
  lists = new Map<string, AccessLogEntry[]>();
  /** Runs once before the next moveHead (another writer getting in between). */
  beforeMove: (() => Promise<void>) | undefined;
  failNextAppend = false;

  async readHead(): Promise<AccessLogHead> {
    return { revision: String(this.revision), last: this.last };
  }
  async moveHead(revision: string, last: AccessLogEntry): Promise<boolean> {
    const hook = this.beforeMove;
    this.beforeMove = undefined;
    if (hook) await hook();
    if (revision !== String(this.revision)) return false;
    this.revision += 1;
    this.last = last;
    return true;
  }
  async newestItem(listName: string): Promise<unknown> {
    return this.lists.get(listName)?.at(-1);
  }
  async appendItem(listName: string, entry: AccessLogEntry): Promise<void> {
    if (this.failNextAppend) {
      this.failNextAppend = false;
      throw new Error('connection reset');
    }
    this.lists.set(listName, [...(this.lists.get(listName) ?? []), entry]);
  }
  all(): AccessLogEntry[] {
    return [...this.lists.keys()].sort().flatMap((k) => this.lists.get(k) ?? []);
  }
}

const record = (at: string, reason = 'role:supervisor'): AccessLogRecord => ({
  at,
  action: 'playback',
  decision: 'granted',
  reason,
  viewer: { identity: 'sam', workerSid: 'WK1', roles: ['supervisor'] },
  actor: null,
  recordingSid: 'RE1',
  taskSid: 'WT1',
});

describe('appendAccessLog', () => {
  it('numbers entries and chains them across a month boundary into one list per month', async () => {
    const store = new MemoryStore();
    await appendAccessLog(store, record('2026-11-30T23:59:59.000Z'));
    await appendAccessLog(store, record('2026-12-01T00:00:00.000Z'));
    expect([...store.lists.keys()]).toEqual(['access-log-2026-11', 'access-log-2026-12']);
    const verdict = await verifyAccessLog(store.all(), { head: store.last });
    expect(verdict.breaks).toEqual([]);
    expect(verdict.entries.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('a writer that loses the head to another starts over after it: one chain, no fork', async () => {
    const store = new MemoryStore();
    store.beforeMove = async () => {
      await appendAccessLog(store, record('2026-12-07T10:00:00.000Z', 'other-writer'));
    };
    const mine = await appendAccessLog(store, record('2026-12-07T10:00:01.000Z'));
    expect(mine.seq).toBe(2);
    const verdict = await verifyAccessLog(store.all(), { head: store.last });
    expect(verdict.breaks).toEqual([]);
    expect(verdict.entries.map((e) => e.reason)).toEqual(['other-writer', 'role:supervisor']);
  });

  it('a writer that stopped between the head and the list: the next writer appends the missing entry first', async () => {
    const store = new MemoryStore();
    store.failNextAppend = true;
    await expect(appendAccessLog(store, record('2026-12-07T10:00:00.000Z', 'interrupted'))).rejects.toThrow(
      'connection reset',
    );
    await appendAccessLog(store, record('2026-12-07T10:00:01.000Z'));
    const verdict = await verifyAccessLog(store.all(), { head: store.last });
    expect(verdict.breaks).toEqual([]);
    expect(verdict.entries.map((e) => e.reason)).toEqual(['interrupted', 'role:supervisor']);
  });

  it('gives up with a named error when the head never stays still', async () => {
    const store = new MemoryStore();
    store.moveHead = async () => false;
    await expect(appendAccessLog(store, record('2026-12-07T10:00:00.000Z'), 3)).rejects.toBeInstanceOf(
      AccessLogContentionError,
    );
  });
});
