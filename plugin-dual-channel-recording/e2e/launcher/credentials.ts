import path from 'node:path';

import { readEnvFile } from 'dual-channel-rec-serverless/env-file';
import { REPO_ROOT } from '../server/paths';

/** Real Twilio credentials found in a `.env` file. */
export interface Credentials {
  /** The file they came from (twilio-run reads the rest of its settings there too). */
  readonly envFile: string;
  readonly accountSid: string;
}

/** The first `.env` (root, then dual-channel-rec-serverless/) with ACCOUNT_SID and AUTH_TOKEN. */
export function readCredentials(): Credentials | undefined {
  const candidates = [
    path.join(REPO_ROOT, '.env'),
    path.join(REPO_ROOT, 'dual-channel-rec-serverless', '.env'),
  ];
  for (const envFile of candidates) {
    const env = readEnvFile(envFile);
    if (env.ACCOUNT_SID && env.AUTH_TOKEN) return { envFile, accountSid: env.ACCOUNT_SID };
  }
  return undefined;
}
