import type {
  AccessLogEntry,
  AccessLogHead,
  AccessLogRecord,
  AccessLogStore,
} from '@dual-channel-recording/contract';
import { TwilioApiError } from '@dual-channel-recording/contract';
import { deleteAndLog, logDeletion } from './deletions';

/** An access log in memory; `down` makes every write fail as an unreachable Sync would. */
class MemoryLog implements AccessLogStore {
  revision = 0;
  last: AccessLogEntry | undefined;
  entries: AccessLogEntry[] = [];
  down = false;

  async readHead(): Promise<AccessLogHead> {
    if (this.down) throw new Error('Sync did not answer');
    return { revision: String(this.revision), last: this.last };
  }
  async moveHead(revision: string, last: AccessLogEntry): Promise<boolean> {
    if (revision !== String(this.revision)) return false;
    this.revision += 1;
    this.last = last;
    return true;
  }
  async newestItem(): Promise<unknown> {
    return this.entries.at(-1);
  }
  async appendItem(_listName: string, entry: AccessLogEntry): Promise<void> {
    this.entries.push(entry);
  }
}

const deletionOf = (recordingSid: string): AccessLogRecord => ({
  at: '2026-12-01T10:00:00.000Z',
  action: 'deletion',
  decision: 'deleted',
  reason: 'retention',
  viewer: null,
  actor: 'cli:admin@host',
  recordingSid,
  taskSid: 'WT1',
});

describe('deleteAndLog', () => {
  it('deletes the recording, then logs it: deleted, with the log entry’s number', async () => {
    const log = new MemoryLog();
    const deleted: string[] = [];
    const gateway = { deleteRecording: async (sid: string) => void deleted.push(sid) };
    await expect(deleteAndLog(gateway, 'RE1', log, () => deletionOf('RE1'))).resolves.toEqual({
      outcome: 'deleted',
      detail: 'access log #1',
    });
    expect(deleted).toEqual(['RE1']);
    expect(log.entries.map((e) => e.recordingSid)).toEqual(['RE1']);
  });

  it('reports a failed delete with Twilio’s message and logs nothing', async () => {
    const log = new MemoryLog();
    const recordOf = jest.fn(() => deletionOf('RE2'));
    const gateway = {
      deleteRecording: () => Promise.reject(new TwilioApiError('Recording is in progress', 400, 21220)),
    };
    await expect(deleteAndLog(gateway, 'RE2', log, recordOf)).resolves.toEqual({
      outcome: 'delete-failed',
      detail: 'Recording is in progress',
    });
    expect(recordOf).not.toHaveBeenCalled();
    expect(log.entries).toEqual([]);
  });
});

describe('logDeletion', () => {
  it('reports a deletion the log could not take as deleted-not-logged, and why', async () => {
    const log = new MemoryLog();
    log.down = true;
    await expect(logDeletion(log, deletionOf('RE3'))).resolves.toEqual({
      outcome: 'deleted-not-logged',
      detail: 'deleted, but the access log could not record it: Sync did not answer',
    });
  });
});
