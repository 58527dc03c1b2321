import twilio from 'twilio';
import { ensureAccessLogService } from '../src/access-log/provision';
import type { DeploySettings } from './settings';

/**
 * The deploy's first step for the Functions: the product's own access-log Sync service, found or
 * created before anything is uploaded, its SID handed to the Functions as ACCESS_LOG_SYNC_SERVICE_SID.
 * A dry run asks Twilio nothing and says what it would do.
 */
export async function accessLogServiceStep(
  settings: DeploySettings,
  dryRun: boolean,
): Promise<{ ok: true; sid: string | undefined } | { ok: false; problem: string }> {
  const configured = settings.functionEnv.ACCESS_LOG_SYNC_SERVICE_SID;
  console.log("\n▶ The access log's own Sync service (never Flex's)");
  if (dryRun) {
    console.log(
      configured
        ? `  would check that ${configured} is the product's access log service`
        : '  would find or create the Sync service "dual-channel-recording-access-log"',
    );
    return { ok: true, sid: configured };
  }
  const { credentials } = settings;
  const client =
    credentials.kind === 'auth_token'
      ? twilio(credentials.accountSid, credentials.authToken)
      : twilio(credentials.apiKey, credentials.apiSecret, { accountSid: credentials.accountSid });
  const result = await ensureAccessLogService(client, configured);
  if (!result.ok) return result;
  console.log(`  ${result.created ? 'created' : 'using'} ${result.sid}`);
  return { ok: true, sid: result.sid };
}
