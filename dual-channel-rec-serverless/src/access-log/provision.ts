/**
 * The product's own Sync service for the access log and the legal holds, found or created by
 * `npm run deploy`. Never Flex's: Flex gives every agent a token for its own Sync service, so
 * anything kept there an agent could rewrite. Ours is found by its friendly name alone (services
 * have no unique name) and created with ACLs on, so no client token reaches it without a grant; the
 * Functions and the CLI use it over REST with the account's credentials.
 */
import type twilio from 'twilio';
import { ACCESS_LOG_SERVICE_NAME } from '@dual-channel-recording/contract';

/** What the deploy did about the service. */
export type AccessLogServiceResult =
  { ok: true; sid: string; created: boolean } | { ok: false; problem: string };

/**
 * Finds the service (`configuredSid` when the admin set ACCESS_LOG_SYNC_SERVICE_SID, checked to be
 * ours by its name), else the one service named {@link ACCESS_LOG_SERVICE_NAME}, else creates it.
 */
export async function ensureAccessLogService(
  client: twilio.Twilio,
  configuredSid: string | undefined,
): Promise<AccessLogServiceResult> {
  if (configuredSid !== undefined) {
    const service = await client.sync.v1
      .services(configuredSid)
      .fetch()
      .catch(() => undefined);
    if (!service)
      return {
        ok: false,
        problem: `ACCESS_LOG_SYNC_SERVICE_SID ${configuredSid} is not a Sync service of this account.`,
      };
    if (service.friendlyName !== ACCESS_LOG_SERVICE_NAME)
      return {
        ok: false,
        problem:
          `ACCESS_LOG_SYNC_SERVICE_SID ${configuredSid} is named "${service.friendlyName ?? ''}", not "${ACCESS_LOG_SERVICE_NAME}": ` +
          "the access log must live in its own service (never Flex's, whose tokens agents hold). Unset it to have one created.",
      };
    return { ok: true, sid: service.sid, created: false };
  }
  const ours = (await client.sync.v1.services.list()).filter(
    (s) => s.friendlyName === ACCESS_LOG_SERVICE_NAME,
  );
  if (ours.length > 1)
    return {
      ok: false,
      problem: `${ours.length} Sync services are named "${ACCESS_LOG_SERVICE_NAME}" (${ours.map((s) => s.sid).join(', ')}): set ACCESS_LOG_SYNC_SERVICE_SID to the one holding the log.`,
    };
  if (ours.length === 1) return { ok: true, sid: ours[0].sid, created: false };
  const created = await client.sync.v1.services.create({
    friendlyName: ACCESS_LOG_SERVICE_NAME,
    aclEnabled: true,
  });
  return { ok: true, sid: created.sid, created: true };
}
