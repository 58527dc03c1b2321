import { TwilioErrorResponse } from './errors';
import type { Account, SandboxState } from './state';

/** 401 / 20003, Twilio's answer to missing or wrong credentials. */
export function authenticateError(): TwilioErrorResponse {
  return new TwilioErrorResponse(401, 20003, 'Authenticate');
}

/**
 * Resolves HTTP Basic credentials (account SID + auth token, or API key SK... + secret) to the
 * account they belong to; throws 401 / 20003 otherwise.
 */
export function authenticate(state: SandboxState, authorization: string | undefined): Account {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match) throw authenticateError();
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw authenticateError();
  const user = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (user.startsWith('AC')) {
    const account = state.accounts.get(user);
    if (account && account.authToken === secret) return account;
  } else if (user.startsWith('SK')) {
    for (const account of state.accounts.values()) if (account.apiKeys[user] === secret) return account;
  }
  throw authenticateError();
}

/** Throws 401 / 20003 when the path names another account than the credentials. */
export function requireSameAccount(account: Account, accountSid: string | undefined): void {
  if (accountSid !== undefined && accountSid !== account.sid) throw authenticateError();
}

/**
 * The account whose credentials a request carries (the account SID, or an API key's account), read
 * without checking the secret: Twilio counts a request against the account's concurrency before it
 * answers anything else. Undefined without Basic credentials or for a user no account knows.
 */
export function credentialsAccount(
  state: SandboxState,
  authorization: string | undefined,
): string | undefined {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const user = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
  if (user.startsWith('AC')) return state.accounts.has(user) ? user : undefined;
  if (user.startsWith('SK'))
    for (const account of state.accounts.values()) if (user in account.apiKeys) return account.sid;
  return undefined;
}
