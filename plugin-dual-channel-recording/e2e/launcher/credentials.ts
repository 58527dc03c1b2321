import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../server/paths';

/** Real Twilio credentials found in a `.env` file. */
export interface Credentials {
  /** The file they came from (twilio-run reads the rest of its settings there too). */
  readonly envFile: string;
  readonly accountSid: string;
}

/** Reads KEY=value lines of a dotenv file (enough to see whether credentials are configured). */
export function readDotenv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/** The first `.env` (root, then dual-channel-rec-serverless/) with ACCOUNT_SID and AUTH_TOKEN. */
export function readCredentials(): Credentials | undefined {
  const candidates = [
    path.join(REPO_ROOT, '.env'),
    path.join(REPO_ROOT, 'dual-channel-rec-serverless', '.env'),
  ];
  for (const envFile of candidates) {
    const env = readDotenv(envFile);
    if (env.ACCOUNT_SID && env.AUTH_TOKEN) return { envFile, accountSid: env.ACCOUNT_SID };
  }
  return undefined;
}
