/**
 * The Flex token every browser route takes (`Token`): read from the event, then validated with
 * Twilio. The token authenticates a worker; recording/authorization decides what that worker may do.
 */
import { validator } from 'twilio-flex-token-validator';
import type { Config } from '../config/settings';
import { isRecord, isSid } from '@dual-channel-recording/contract';
import { DeadlineExceededError, TwilioApiError } from '../twilio/errors';
import type { Deadline } from '../twilio/retry';
import { withRetry } from '../twilio/retry';
import { ApiError } from './api-error';
import { describeType } from './params';
import type { TokenCache } from './token-cache';

/** What a valid Flex token tells us about its holder. */
export interface FlexIdentity {
  workerSid: string;
  identity: string;
  roles: string[];
}

/** The validator, injectable so unit tests need no network. */
export type ValidateFn = typeof validator;

// twilio-flex-token-validator rejects with a bare string: the message of Twilio's answer, or of the
// failed socket, or of a body that was not JSON (an HTML error page from a proxy). These patterns
// mark the ones that say nothing about the token and may pass on a retry.
const TRANSIENT = [
  /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up/i,
  /too many requests|rate limit|service unavailable|temporarily unavailable|bad gateway/i,
  // A proxy's HTML error page instead of Twilio's JSON. An empty body ("Unexpected end of JSON
  // input") is not here: that is what a request the validator could not send whole gets back.
  /unexpected token|not valid json/i,
];

/** True when a validator rejection is about the connection or Twilio's load, not the token. */
export function isTransientValidatorFailure(reason: string): boolean {
  return TRANSIENT.some((pattern) => pattern.test(reason));
}

function reasonText(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) return reason.message;
  return 'token validation failed';
}

/** The realm the validator calls (iam.<realm>.twilio.com), derived like functionValidator does. */
export function realmFor(region: string | undefined): string | undefined {
  return region ? region.split('-')[0] : undefined;
}

/**
 * Validates a Flex token with Twilio (twilio-flex-token-validator's `validator`, not its
 * `functionValidator` wrapper, so failures keep our JSON shape and CORS headers). Resolves with the
 * worker; rejects with ApiError 403 for a bad token, or a Twilio error when Twilio could not say.
 * With a `cache`, a token this instance validated before and whose expiration has not come is
 * answered from it (no request), and a successful validation is kept there (see token-cache.ts).
 */
export async function validateFlexToken(
  token: string,
  config: Config,
  deadline: Deadline,
  validate: ValidateFn = validator,
  cache?: TokenCache,
): Promise<FlexIdentity> {
  const cached = cache?.get(token);
  if (cached) return cached;
  const { credentials } = config;
  const realm = realmFor(config.region);
  const attempt = async (): Promise<unknown> => {
    try {
      return credentials.kind === 'auth_token'
        ? await validate(token, credentials.accountSid, credentials.authToken, realm)
        : await validate(token, credentials.accountSid, undefined, realm, {
            Sid: credentials.apiKey,
            Secret: credentials.apiSecret,
          });
    } catch (reason) {
      const text = reasonText(reason);
      if (isTransientValidatorFailure(text)) {
        // Status 0 with a network code makes the shared retry policy treat it like a reset socket.
        throw new TwilioApiError(
          `Flex token validation failed: ${text}`,
          0,
          undefined,
          undefined,
          'ECONNRESET',
        );
      }
      throw new ApiError('invalid_token', `The Flex token was not accepted: ${text}`);
    }
  };
  let result: unknown;
  try {
    result = await withRetry(attempt, { deadline });
  } catch (error) {
    if (
      error instanceof DeadlineExceededError ||
      error instanceof TwilioApiError ||
      error instanceof ApiError
    ) {
      throw error;
    }
    throw new ApiError('invalid_token', 'The Flex token was not accepted');
  }
  const identity = toIdentity(result);
  // Only here, after Twilio said yes and the answer names a worker: refusals are never kept.
  cache?.put(token, identity, isRecord(result) ? result.expiration : undefined);
  return identity;
}

// A token is a few KB at most; anything far larger is not a Flex token and is not worth sending on.
const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * What a Flex token (a JWT) is made of: printable ASCII without spaces. twilio-flex-token-validator
 * sends the token with a Content-Length counted in characters, not bytes, so anything else would
 * break the request to Twilio (the validation would fail as if Twilio were down); such a token cannot be
 * a Flex token and is refused before any request.
 */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/**
 * The Flex token; or why not: missing (403), not one string (400 naming Token), or not a token
 * that could be sent to Twilio as it is (`unsendable`, 403 without asking Twilio).
 */
export type TokenResult =
  { ok: true; token: string } | { ok: false; missing: boolean; unsendable?: boolean; reason: string };

/** Reads `Token` (the name twilio-flex-token-validator and Flex plugins use). */
export function parseToken(event: { Token?: unknown }): TokenResult {
  const raw = event.Token;
  if (raw === undefined || raw === '')
    return { ok: false, missing: true, reason: 'A Flex token (Token) is required' };
  if (typeof raw !== 'string') {
    return { ok: false, missing: false, reason: `Token must be a single string, not ${describeType(raw)}` };
  }
  if (raw.length > MAX_TOKEN_LENGTH) return { ok: false, missing: false, reason: 'Token is too long' };
  if (!SENDABLE_TOKEN.test(raw)) {
    return {
      ok: false,
      missing: false,
      unsendable: true,
      reason: 'Token holds characters no Flex token has',
    };
  }
  return { ok: true, token: raw };
}

/**
 * The error for a Token that did not parse: 403 when missing (as the validator would) or when it
 * cannot be a Flex token, else 400 naming it.
 */
export function tokenProblem(problem: { missing: boolean; unsendable?: boolean; reason: string }): ApiError {
  if (problem.missing) return new ApiError('invalid_token', problem.reason);
  if (problem.unsendable)
    return new ApiError('invalid_token', `The Flex token was not accepted: ${problem.reason}`);
  return new ApiError('invalid_parameter', problem.reason, { field: 'Token' });
}

/** Reads the validator's result; a token without a worker cannot own a reservation. */
export function toIdentity(result: unknown): FlexIdentity {
  const r = isRecord(result) ? result : {};
  const workerSid = typeof r.worker_sid === 'string' ? r.worker_sid : '';
  if (!isSid(workerSid, 'WK')) {
    throw new ApiError('invalid_token', 'The Flex token does not belong to a TaskRouter worker');
  }
  return {
    workerSid,
    identity: typeof r.identity === 'string' ? r.identity : '',
    roles: Array.isArray(r.roles) ? r.roles.filter((role): role is string => typeof role === 'string') : [],
  };
}

/**
 * The Flex token the Insights player sends to a `url_provider`: `Authorization: Basic` over
 * `token:<Flex token>` (Twilio's "Secure Playback of Recordings from Custom Storage"). Only there: a
 * GET's parameters are its query string, which proxies and access logs keep, so a `Token`
 * parameter is never read on this route (its parse refuses one).
 */
export function parseAuthorizationToken(headers: Record<string, unknown> | undefined): TokenResult {
  const raw = headers?.authorization;
  if (raw === undefined || raw === '') {
    return {
      ok: false,
      missing: true,
      reason: 'A Flex token is required in the Authorization header (Basic, user "token")',
    };
  }
  if (typeof raw !== 'string')
    return { ok: false, missing: false, reason: 'Authorization must be sent once' };
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(raw.trim());
  const decoded = basic ? Buffer.from(basic[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== 'token') {
    return {
      ok: false,
      missing: false,
      unsendable: true,
      reason: 'Authorization must be Basic credentials of user "token" and the Flex token',
    };
  }
  return parseToken({ Token: decoded.slice(colon + 1) });
}
