import type { Config } from '../config/settings';
import { twilioClientFor } from '../twilio/client';
import type { Deadline } from '../twilio/retry';
import type { AccessLogAccess } from './playback-log';
import { syncAccessLogStore } from './sync-store';

/** The access log of this deployment (its own Sync service), or the setting that is missing. */
export function accessLogFor(config: Config, deadline: Deadline): AccessLogAccess {
  if (config.accessLogServiceSid === undefined) return { ok: false, setting: 'ACCESS_LOG_SYNC_SERVICE_SID' };
  const client = twilioClientFor(config);
  return { ok: true, store: syncAccessLogStore(client, config.accessLogServiceSid, deadline) };
}

/** The grant as the log names it: `role:<role>` or `handling_agent`. */
export function grantReason(grant: { kind: 'role'; role: string } | { kind: 'handling_agent' }): string {
  return grant.kind === 'role' ? `role:${grant.role}` : grant.kind;
}
