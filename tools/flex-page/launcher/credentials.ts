import path from 'node:path';

import type { AccountEnvFile } from '@dual-channel-recording/local-stack/account';
import { findAccountEnvFile } from '@dual-channel-recording/local-stack/account';
import { REPO_ROOT } from '../server/paths';

/** Real Twilio credentials found in a `.env` file. */
export type Credentials = AccountEnvFile;

/** The first `.env` (root, then dual-channel-rec-serverless/) with Twilio credentials. */
export function readCredentials(): Credentials | undefined {
  return findAccountEnvFile([
    path.join(REPO_ROOT, '.env'),
    path.join(REPO_ROOT, 'dual-channel-rec-serverless', '.env'),
  ]);
}
