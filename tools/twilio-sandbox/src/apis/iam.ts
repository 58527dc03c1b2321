import { SID_DIGITS } from '@dual-channel-recording/contract';
import { TwilioErrorResponse } from '../errors';
import { requireSameAccount } from '../auth';
import type { Account, SandboxState } from '../state';
import type { ApiResponse } from './types';

/** The path of Flex token validation (absent from twilio_iam_v1.json, so matched here). */
export const TOKEN_VALIDATE_PATH = new RegExp(`^/v1/Accounts/(AC${SID_DIGITS})/Tokens/validate$`);

/** What Twilio answers for a token (the fields twilio-flex-token-validator passes on). */
export interface TokenValidation {
  valid: boolean;
  code: number | null;
  message: string | null;
  expiration: string | null;
  realm_user_id: string | null;
  identity: string | null;
  flex_instance_sid: string | null;
  flex_user_sid: string | null;
  worker_sid: string | null;
  roles: string[] | null;
}

function rejected(code: number, message: string): TokenValidation {
  return {
    valid: false,
    code,
    message,
    expiration: null,
    realm_user_id: null,
    identity: null,
    flex_instance_sid: null,
    flex_user_sid: null,
    worker_sid: null,
    roles: null,
  };
}

/**
 * Checks the JSON body `{"token": "..."}` by hand (no OpenAPI description exists for this
 * endpoint) and the answer's shape, so a sandbox bug cannot send the validator a malformed result.
 */
export function parseValidateBody(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TwilioErrorResponse(400, 20001, 'Request body must be JSON: {"token": "..."}');
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    typeof (parsed as { token?: unknown }).token !== 'string'
  ) {
    throw new TwilioErrorResponse(400, 20001, 'Missing required parameter token');
  }
  return (parsed as { token: string }).token;
}

/**
 * POST /v1/Accounts/{AC}/Tokens/validate. Twilio answers 200 with `valid: false` plus a code for
 * a bad token (the validator then rejects with `message`): 20101 unknown, 20104 expired,
 * 20103 issued by another account.
 */
export function validateToken(
  state: SandboxState,
  account: Account,
  accountSid: string,
  rawBody: string,
  now = Date.now(),
): ApiResponse {
  requireSameAccount(account, accountSid);
  const token = parseValidateBody(rawBody);
  const found = state.tokens.get(token);
  let body: TokenValidation;
  if (!found) body = rejected(20101, 'Invalid Access Token');
  else if (found.accountSid !== accountSid) body = rejected(20103, 'Invalid Access Token issuer/subject');
  else if (found.expiresAt.getTime() <= now)
    body = rejected(20104, 'Access Token expired or expiration date invalid');
  else {
    body = {
      valid: true,
      code: null,
      message: null,
      expiration: found.expiresAt.toISOString(),
      realm_user_id: found.realmUserId,
      identity: found.identity,
      flex_instance_sid: found.flexInstanceSid,
      flex_user_sid: found.flexUserSid,
      worker_sid: found.workerSid,
      roles: found.roles,
    };
  }
  return { status: 200, body };
}
