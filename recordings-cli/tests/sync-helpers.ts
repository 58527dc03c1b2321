/**
 * The product's Sync service in the CLI tests' sandbox, over Twilio's REST API (validated by the
 * sandbox against twilio_sync_v1.json): created as `npm run deploy` creates it, seeded with access-log
 * entries chained by the contract's own code, and tampered with the way someone holding the account's
 * credentials could (edit or delete a list item).
 */
import type { AccessLogEntry, AccessLogRecord } from '@dual-channel-recording/contract';
import {
  ACCESS_LOG_HEAD,
  ACCESS_LOG_SERVICE_NAME,
  GENESIS_HASH,
  accessLogListName,
  chainEntry,
  headData,
} from '@dual-channel-recording/contract';
import type { CliSandbox } from './helpers';

async function sync(
  s: CliSandbox,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  form?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`${s.sandbox.accountSid}:${s.sandbox.authToken}`).toString('base64');
  const res = await fetch(`${s.sandbox.url}/v1/Services${path}`, {
    method,
    headers: {
      Authorization: `Basic ${auth}`,
      'X-Sandbox-Original-Host': 'sync.twilio.com',
      ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(form ? { body: new URLSearchParams(form) } : {}),
  });
  if (res.status >= 300) throw new Error(`Sync ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

/** Creates the product's access-log service; answers its SID. */
export async function createAccessLogService(s: CliSandbox): Promise<string> {
  const service = await sync(s, 'POST', '', { FriendlyName: ACCESS_LOG_SERVICE_NAME, AclEnabled: 'true' });
  return String(service.sid);
}

/** A playback record at `at`. */
export function playbackRecord(at: string, recordingSid: string, identity = 'sam'): AccessLogRecord {
  return {
    at,
    action: 'playback',
    decision: 'granted',
    reason: 'role:supervisor',
    viewer: { identity, workerSid: `WK${'5'.repeat(32)}`, roles: ['supervisor'] },
    actor: null,
    recordingSid,
    taskSid: null,
  };
}

/** Writes records as the Functions do (chained, head moved, one list per month); answers the entries. */
export async function seedAccessLog(
  s: CliSandbox,
  serviceSid: string,
  records: AccessLogRecord[],
): Promise<AccessLogEntry[]> {
  const entries: AccessLogEntry[] = [];
  let prev = GENESIS_HASH;
  const lists = new Set<string>();
  for (const [i, record] of records.entries()) {
    const entry = await chainEntry(record, i + 1, prev);
    const list = accessLogListName(new Date(entry.at));
    if (!lists.has(list)) {
      await sync(s, 'POST', `/${serviceSid}/Lists`, { UniqueName: list });
      lists.add(list);
    }
    await sync(s, 'POST', `/${serviceSid}/Lists/${list}/Items`, { Data: JSON.stringify(entry) });
    entries.push(entry);
    prev = entry.hash;
  }
  const last = entries.at(-1);
  if (last)
    await sync(s, 'POST', `/${serviceSid}/Documents`, {
      UniqueName: ACCESS_LOG_HEAD,
      Data: JSON.stringify(headData(last)),
    });
  return entries;
}

/** The items of a month's list as Sync holds them. */
export async function listItems(
  s: CliSandbox,
  serviceSid: string,
  list: string,
): Promise<{ index: number; data: AccessLogEntry }[]> {
  const body = await sync(s, 'GET', `/${serviceSid}/Lists/${list}/Items?PageSize=100`);
  return body.items as { index: number; data: AccessLogEntry }[];
}

/** Rewrites an item's data (what an edit by someone with the account's credentials looks like). */
export async function editItem(s: CliSandbox, serviceSid: string, list: string, index: number, data: object) {
  await sync(s, 'POST', `/${serviceSid}/Lists/${list}/Items/${index}`, { Data: JSON.stringify(data) });
}

/** Deletes an item. */
export async function deleteItem(s: CliSandbox, serviceSid: string, list: string, index: number) {
  await sync(s, 'DELETE', `/${serviceSid}/Lists/${list}/Items/${index}`);
}
