/**
 * Which `.env` holds real Twilio credentials, for both `npm start`s (the repository's and this
 * workspace's): with one they run the Functions against that account (local/functions.ts), without
 * one on the sandbox.
 */
import type { SettingProblem } from '@dual-channel-recording/contract';
import { parseTwilioCredentials } from '@dual-channel-recording/contract';
import { readEnvFile } from 'dual-channel-rec-serverless/env-file';

/** A `.env` file holding real Twilio credentials. */
export interface AccountEnvFile {
  /** The file (twilio-run reads every other setting there too). */
  readonly envFile: string;
  readonly accountSid: string;
}

/**
 * The first of `envFiles` whose settings give Twilio credentials (ACCOUNT_SID with AUTH_TOKEN, or with
 * API_KEY and API_SECRET, as the contract's parser reads them), or undefined: run on the sandbox.
 */
export function findAccountEnvFile(envFiles: readonly string[]): AccountEnvFile | undefined {
  for (const envFile of envFiles) {
    const problems: SettingProblem[] = [];
    const credentials = parseTwilioCredentials(readEnvFile(envFile), problems);
    if (credentials) return { envFile, accountSid: credentials.accountSid };
  }
  return undefined;
}
