/**
 * Legal holds: recordings (RE…) and tasks (WT…, every recording of the task) that `purge` and
 * `erase` must not delete, kept as a Sync Map in the product's own Sync service, where agents
 * cannot write. Each hold says when it was added and by which CLI run.
 */
import { isRecord } from '@dual-channel-recording/contract';
import type { SyncLog } from './sync-log';

/** The Sync Map of holds. */
export const LEGAL_HOLDS_MAP = 'legal-holds';

/** One hold. */
export interface LegalHold {
  sid: string;
  addedAt: string | null;
  addedBy: string | null;
}

/** Every hold, in SID order. */
export async function listHolds(sync: SyncLog): Promise<LegalHold[]> {
  return (await sync.mapItems(LEGAL_HOLDS_MAP)).map(([sid, data]) => ({
    sid,
    addedAt: isRecord(data) && typeof data.addedAt === 'string' ? data.addedAt : null,
    addedBy: isRecord(data) && typeof data.addedBy === 'string' ? data.addedBy : null,
  }));
}

/** What `hold add` / `hold remove` did per SID. */
export interface HoldChange {
  sid: string;
  outcome: 'added' | 'already-held' | 'removed' | 'not-held';
}

/** Places holds (one Map item per SID; a SID already held stays as it was). */
export async function addHolds(
  sync: SyncLog,
  sids: string[],
  actor: string,
  now = new Date(),
): Promise<HoldChange[]> {
  const out: HoldChange[] = [];
  for (const sid of sids) {
    const result = await sync.addMapItem(LEGAL_HOLDS_MAP, sid, {
      addedAt: now.toISOString(),
      addedBy: actor,
    });
    out.push({ sid, outcome: result === 'added' ? 'added' : 'already-held' });
  }
  return out;
}

/** Lifts holds. */
export async function removeHolds(sync: SyncLog, sids: string[]): Promise<HoldChange[]> {
  const out: HoldChange[] = [];
  for (const sid of sids) {
    const result = await sync.removeMapItem(LEGAL_HOLDS_MAP, sid);
    out.push({ sid, outcome: result === 'removed' ? 'removed' : 'not-held' });
  }
  return out;
}

/** Who ran the CLI, as the log and the holds name it: host, process and start (no credentials). */
export function cliActor(now = new Date()): string {
  return `cli:${process.env.GITHUB_RUN_ID ? `github-run-${process.env.GITHUB_RUN_ID}` : `pid-${process.pid}`}:${now.toISOString()}`;
}

/** Runs `hold add|remove|list` and answers what to print. */
export async function runHold(
  command: { action: 'add' | 'remove' | 'list'; sids: string[]; json: boolean },
  sync: SyncLog,
): Promise<string> {
  if (command.action === 'list') {
    const holds = await listHolds(sync);
    if (command.json) return `${JSON.stringify({ ok: true, holds }, null, 2)}\n`;
    const lines = holds.map((h) => `${h.sid}  since ${h.addedAt ?? '?'}  by ${h.addedBy ?? '?'}`);
    return `${[...lines, `${holds.length} on hold.`].join('\n')}\n`;
  }
  const changes =
    command.action === 'add'
      ? await addHolds(sync, command.sids, cliActor())
      : await removeHolds(sync, command.sids);
  if (command.json) return `${JSON.stringify({ ok: true, changes }, null, 2)}\n`;
  return `${changes.map((c) => `${c.outcome.padEnd(12)} ${c.sid}`).join('\n')}\n`;
}
