/**
 * Appending to the access log from several writers at once (Function instances, a CLI run) without
 * forking the chain. A Sync List gives each item an index but takes no condition on append, so the
 * order is decided on the head Document, which takes `If-Match`: a writer reads the head (the last
 * entry and its revision), chains its entry after it, moves the head with `If-Match` (a writer that
 * lost the race gets 412 and starts over), then appends the item to the month's list. The head keeps
 * the whole entry, so when a writer stopped between the two writes the next one appends the missing
 * item first: nothing the head ever held is lost from the lists.
 */
import type { AccessLogEntry, AccessLogRecord } from './chain';
import { GENESIS_HASH, accessLogListName, chainEntry, parseAccessLogEntry } from './chain';

/** The head Document as read: its revision and the last entry written (none in a new log). */
export interface AccessLogHead {
  readonly revision: string;
  readonly last: AccessLogEntry | undefined;
}

/** The Sync operations an append needs; the Functions and the CLI each give their own client. */
export interface AccessLogStore {
  /** Reads the head, creating it (empty) when the log is new. */
  readHead(): Promise<AccessLogHead>;
  /** Moves the head to `last` if it still has `revision`; false when another writer moved it first. */
  moveHead(revision: string, last: AccessLogEntry): Promise<boolean>;
  /** The newest item's data of a month's list (undefined when the list is empty or absent). */
  newestItem(listName: string): Promise<unknown>;
  /** Appends an item to a month's list, creating the list when the month begins. */
  appendItem(listName: string, entry: AccessLogEntry): Promise<void>;
}

/** The head kept losing to other writers. */
export class AccessLogContentionError extends Error {
  override readonly name = 'AccessLogContentionError';
  constructor(readonly attempts: number) {
    super(`The access log's head kept changing during ${attempts} attempts to append`);
  }
}

/** The head Document's data for `last` (what {@link AccessLogStore.moveHead} writes). */
export function headData(last: AccessLogEntry): { last: AccessLogEntry } {
  return { last };
}

/** Reads the head Document's data (`{ last }`); undefined for a new log, or data that is not ours. */
export function parseHeadData(data: unknown): AccessLogEntry | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  return parseAccessLogEntry((data as { last?: unknown }).last);
}

/** Appends the head's entry to its list if a writer stopped after moving the head. */
async function completeInterrupted(store: AccessLogStore, last: AccessLogEntry): Promise<void> {
  const listName = accessLogListName(new Date(last.at));
  const newest = parseAccessLogEntry(await store.newestItem(listName));
  if (newest === undefined || newest.seq < last.seq) await store.appendItem(listName, last);
}

/**
 * Appends one record and answers the stored entry. Throws when the log could not take it (the caller
 * decides whether that refuses the action: playback fails closed).
 */
export async function appendAccessLog(
  store: AccessLogStore,
  record: AccessLogRecord,
  maxAttempts = 8,
): Promise<AccessLogEntry> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const head = await store.readHead();
    if (head.last) await completeInterrupted(store, head.last);
    const entry = await chainEntry(record, (head.last?.seq ?? 0) + 1, head.last?.hash ?? GENESIS_HASH);
    if (!(await store.moveHead(head.revision, entry))) continue;
    await store.appendItem(accessLogListName(new Date(entry.at)), entry);
    return entry;
  }
  throw new AccessLogContentionError(maxAttempts);
}
