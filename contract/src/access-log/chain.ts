/**
 * The compliance access log: who listened to which recording, and which recordings were deleted and
 * why. The Functions append an entry for every answer of `playback-recording`; the recordings CLI
 * appends one for every deletion and verifies the log. Entries are kept in the product's own Twilio
 * Sync service, one Sync List per UTC month (`access-log-YYYY-MM`), and each entry carries the hash of
 * the one before it, so an edited, deleted or inserted entry breaks the chain where it happened.
 * Pure and browser-safe: the hash is WebCrypto's SHA-256 (`globalThis.crypto.subtle`, Node 20+).
 */

/** What happened: a playback answer, or a recording deleted by the CLI. */
export type AccessLogAction = 'playback' | 'deletion';

/** The outcome recorded with the action. */
export type AccessLogDecision = 'granted' | 'refused' | 'deleted';

/** Who asked to play: read from the validated Flex token, never the token itself. */
export interface AccessLogViewer {
  readonly identity: string;
  readonly workerSid: string;
  readonly roles: readonly string[];
}

/** One entry as the writer composes it, before it is numbered and chained. */
export interface AccessLogRecord {
  /** ISO 8601 UTC, when the answer was decided. */
  readonly at: string;
  readonly action: AccessLogAction;
  readonly decision: AccessLogDecision;
  /**
   * Why: the grant (`role:supervisor`, `handling_agent`), the refusal's error code
   * (`playback_denied`, `invalid_token`, …), or the deletion's cause (`retention`, `erasure`).
   */
  readonly reason: string;
  /** The viewer, when the token was valid; null for a refused token and for deletions. */
  readonly viewer: AccessLogViewer | null;
  /** Who acted when it was not a viewer: the CLI run (`cli:<host>:<pid>:<start>`); else null. */
  readonly actor: string | null;
  readonly recordingSid: string | null;
  readonly taskSid: string | null;
}

/** An entry as stored: the record, its place in the log, and the chain. */
export interface AccessLogEntry extends AccessLogRecord {
  /** 1, 2, 3, … across all months, without gaps. */
  readonly seq: number;
  /** The hash of entry `seq - 1` ({@link GENESIS_HASH} for the first). */
  readonly prev: string;
  /** SHA-256 (hex) of `prev` and this entry's fields in a fixed order. */
  readonly hash: string;
}

/** The `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The Sync Document holding the last entry written (the writers' compare-and-set point). */
export const ACCESS_LOG_HEAD = 'access-log-head';

/** The Sync service's friendly name: how the deploy tool finds the product's own service again. */
export const ACCESS_LOG_SERVICE_NAME = 'dual-channel-recording-access-log';

/** The Sync List of the month an entry was written in (UTC), e.g. `access-log-2026-12`. */
export function accessLogListName(at: Date): string {
  return `access-log-${at.toISOString().slice(0, 7)}`;
}

/** The months (as list names) a window spans, oldest first. */
export function accessLogListsBetween(since: Date, until: Date): string[] {
  const names: string[] = [];
  const cursor = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
  while (cursor.getTime() <= until.getTime()) {
    names.push(accessLogListName(cursor));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return names;
}

/** The hashed text: every field in one fixed order, so no JSON key order can change a hash. */
function hashedText(seq: number, prev: string, record: AccessLogRecord): string {
  const viewer = record.viewer
    ? [record.viewer.identity, record.viewer.workerSid, [...record.viewer.roles]]
    : null;
  return JSON.stringify([
    seq,
    prev,
    record.at,
    record.action,
    record.decision,
    record.reason,
    viewer,
    record.actor,
    record.recordingSid,
    record.taskSid,
  ]);
}

// WebCrypto and TextEncoder exist in Node 20+ and every browser; the contract compiles without Node or
// DOM types, so it names the two members it uses.
interface WebRuntime {
  crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> } };
  TextEncoder: new () => { encode(text: string): Uint8Array };
}
const runtime = globalThis as unknown as WebRuntime;

async function sha256Hex(text: string): Promise<string> {
  const digest = await runtime.crypto.subtle.digest('SHA-256', new runtime.TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The record numbered `seq` and chained after `prev`. */
export async function chainEntry(
  record: AccessLogRecord,
  seq: number,
  prev: string,
): Promise<AccessLogEntry> {
  const stored = pickRecord(record);
  return { ...stored, seq, prev, hash: await sha256Hex(hashedText(seq, prev, stored)) };
}

/** Only the record's own fields (whatever else a caller's object carries is not stored). */
function pickRecord(record: AccessLogRecord): AccessLogRecord {
  return {
    at: record.at,
    action: record.action,
    decision: record.decision,
    reason: record.reason,
    viewer: record.viewer
      ? {
          identity: record.viewer.identity,
          workerSid: record.viewer.workerSid,
          roles: [...record.viewer.roles],
        }
      : null,
    actor: record.actor,
    recordingSid: record.recordingSid,
    taskSid: record.taskSid,
  };
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** Reads a stored entry (a Sync List item's `data`); undefined when it is not one. */
export function parseAccessLogEntry(data: unknown): AccessLogEntry | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const d = data as Record<string, unknown>;
  const viewer = d.viewer;
  const viewerOk =
    viewer === null ||
    (typeof viewer === 'object' &&
      viewer !== null &&
      typeof (viewer as Record<string, unknown>).identity === 'string' &&
      typeof (viewer as Record<string, unknown>).workerSid === 'string' &&
      Array.isArray((viewer as Record<string, unknown>).roles) &&
      ((viewer as Record<string, unknown>).roles as unknown[]).every((r) => typeof r === 'string'));
  if (
    typeof d.seq !== 'number' ||
    !Number.isInteger(d.seq) ||
    typeof d.prev !== 'string' ||
    typeof d.hash !== 'string' ||
    typeof d.at !== 'string' ||
    (d.action !== 'playback' && d.action !== 'deletion') ||
    (d.decision !== 'granted' && d.decision !== 'refused' && d.decision !== 'deleted') ||
    typeof d.reason !== 'string' ||
    !viewerOk ||
    !isStringOrNull(d.actor) ||
    !isStringOrNull(d.recordingSid) ||
    !isStringOrNull(d.taskSid)
  ) {
    return undefined;
  }
  return data as AccessLogEntry;
}

/** Where the chain does not hold, and how. */
export interface ChainBreak {
  /** The entry at which the break shows (for `missing`, the first seq that is absent). */
  readonly seq: number;
  readonly kind: 'edited' | 'missing' | 'unlinked' | 'unreadable' | 'truncated';
  readonly detail: string;
}

/** What {@link verifyAccessLog} found. */
export interface ChainVerdict {
  /** The entries in order, exact duplicates (a retried append) counted once. */
  readonly entries: readonly AccessLogEntry[];
  readonly breaks: readonly ChainBreak[];
  /** Identical copies of an entry: a write retried after a lost answer, not a tampering. */
  readonly duplicates: number;
}

/**
 * Verifies stored items in list order: every entry's hash matches its content, every `prev` is the
 * hash of the entry before it, and seq numbers follow without gaps. `before` is the entry just
 * before the first item (from the previous month), when the check starts mid-log; `head` is the last
 * entry the writers recorded, so a deleted last entry shows too.
 */
export async function verifyAccessLog(
  items: readonly unknown[],
  options: { before?: AccessLogEntry; head?: { seq: number; hash: string } } = {},
): Promise<ChainVerdict> {
  const breaks: ChainBreak[] = [];
  const entries: AccessLogEntry[] = [];
  let duplicates = 0;
  let last = options.before;
  for (const item of items) {
    const entry = parseAccessLogEntry(item);
    if (!entry) {
      breaks.push({
        seq: last ? last.seq + 1 : 0,
        kind: 'unreadable',
        detail: 'an item that is not an access-log entry',
      });
      continue;
    }
    if (last && entry.seq === last.seq && entry.hash === last.hash && entry.prev === last.prev) {
      const again = await chainEntry(entry, entry.seq, entry.prev);
      if (again.hash === entry.hash) {
        duplicates += 1;
        continue;
      }
    }
    const recomputed = await chainEntry(entry, entry.seq, entry.prev);
    if (recomputed.hash !== entry.hash) {
      breaks.push({ seq: entry.seq, kind: 'edited', detail: `entry ${entry.seq} does not match its hash` });
    }
    if (last) {
      if (entry.seq > last.seq + 1) {
        breaks.push({
          seq: last.seq + 1,
          kind: 'missing',
          detail:
            entry.seq === last.seq + 2
              ? `entry ${last.seq + 1} is missing`
              : `entries ${last.seq + 1}…${entry.seq - 1} are missing`,
        });
      } else if (entry.seq <= last.seq) {
        breaks.push({
          seq: entry.seq,
          kind: 'unlinked',
          detail: `entry ${entry.seq} comes after ${last.seq}`,
        });
      } else if (entry.prev !== last.hash) {
        breaks.push({
          seq: entry.seq,
          kind: 'unlinked',
          detail: `entry ${entry.seq} does not chain to entry ${last.seq}`,
        });
      }
    } else if (entry.seq === 1 && entry.prev !== GENESIS_HASH) {
      breaks.push({ seq: 1, kind: 'unlinked', detail: 'the first entry does not start the chain' });
    }
    entries.push(entry);
    last = entry;
  }
  const { head } = options;
  if (head && head.seq > 0) {
    if (!last || last.seq < head.seq) {
      breaks.push({
        seq: (last?.seq ?? 0) + 1,
        kind: 'truncated',
        detail: `the log's head is entry ${head.seq}, the lists end at ${last?.seq ?? 0}`,
      });
    } else if (last.seq === head.seq && last.hash !== head.hash) {
      breaks.push({
        seq: last.seq,
        kind: 'edited',
        detail: `entry ${last.seq} is not the one the head recorded`,
      });
    }
  }
  return { entries, breaks, duplicates };
}
