/**
 * The access log as the page's supervisor view shows it: read from the product's own Sync service
 * over Twilio's REST API (the sandbox's, validated against twilio_sync_v1.json), with the contract's
 * chain check, exactly as `dual-channel-recordings access-log` reads it for this month.
 */
import type { AccessLogEntry, ChainBreak } from '@dual-channel-recording/contract';
import { accessLogListName, verifyAccessLog } from '@dual-channel-recording/contract';

/** Where the log is. */
export interface AccessLogSource {
  readonly sandboxUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly accessLogServiceSid: string;
}

/** What the page shows: this month's entries, newest last, and any break of the chain. */
export interface PageAccessLog {
  readonly entries: readonly AccessLogEntry[];
  readonly breaks: readonly ChainBreak[];
}

/** Reads this month's list (every page of it) and checks the chain. */
export async function readPageAccessLog(source: AccessLogSource, now = new Date()): Promise<PageAccessLog> {
  const auth = Buffer.from(`${source.accountSid}:${source.authToken}`).toString('base64');
  const items: unknown[] = [];
  let next: string | null =
    `${source.sandboxUrl}/v1/Services/${source.accessLogServiceSid}/Lists/${accessLogListName(now)}/Items?PageSize=100`;
  while (next) {
    const answer = await fetch(next, {
      headers: { Authorization: `Basic ${auth}`, 'X-Sandbox-Original-Host': 'sync.twilio.com' },
    });
    // No list yet: nothing was played this month.
    if (answer.status === 404) break;
    const body = (await answer.json()) as {
      items?: { data: unknown }[];
      meta?: { next_page_url?: string | null };
    };
    if (!answer.ok) throw new Error(`Sync answered ${answer.status} reading the access log`);
    items.push(...(body.items ?? []).map((item) => item.data));
    // Twilio's next page is on sync.twilio.com: the same path and query on the sandbox.
    const nextUrl: string | null | undefined = body.meta?.next_page_url;
    next = nextUrl ? `${source.sandboxUrl}${new URL(nextUrl).pathname}${new URL(nextUrl).search}` : null;
  }
  const verdict = await verifyAccessLog(items);
  return { entries: verdict.entries, breaks: verdict.breaks };
}
