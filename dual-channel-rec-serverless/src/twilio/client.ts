import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { basicAuthOf, FUNCTION_LIMITS } from '@dual-channel-recording/contract';
import type { Config } from '../config/settings';
import type { TwilioGateway } from './gateway';
import { createTwilioGateway } from './gateway';
import type { Deadline } from './retry';
import { createDeadline, DEFAULT_BUDGET_MS } from './retry';

/**
 * The connection pool of the instance's one client. Keep-alive sockets stay open between
 * invocations, so a warm instance skips the TCP and TLS handshakes with api.twilio.com and
 * taskrouter.twilio.com (a client per invocation opened one connection per parallel read: five per
 * start). No cap on sockets in use: invocations running side by side in one instance never queue
 * behind each other's requests (each used to have an agent of its own). Ten idle sockets per host
 * cover two starts' parallel reads; an idle socket closes after the timeout (the agent's), before
 * Twilio's edge is likely to drop it, and a socket dropped anyway fails with a reset that the
 * gateway retries (src/twilio/retry.ts).
 */
const POOL = {
  keepAlive: true,
  maxSockets: Number.POSITIVE_INFINITY,
  maxTotalSockets: Number.POSITIVE_INFINITY,
  maxFreeSockets: 10,
} as const;

/**
 * The SDK's own timeout, a backstop that frees a socket: every call is cut earlier by its request's
 * deadline (`withRetry` races each attempt against it), so one client serves every budget.
 */
const SOCKET_TIMEOUT_MS = FUNCTION_LIMITS.executionMs;

/** The instance's client and what it was made for: credentials (their secret as a hash), region, edge. */
let shared: { key: string; client: twilio.Twilio } | undefined;

function clientKey(config: Config): string {
  const { username, password } = basicAuthOf(config.credentials);
  const secret = createHash('sha256').update(password).digest('hex');
  return JSON.stringify([config.credentials.accountSid, username, secret, config.region, config.edge]);
}

/** A new twilio 6 client for these settings (never context.getTwilioClient(), which is twilio-run's 4.x). */
function newTwilioClient(config: Config): twilio.Twilio {
  const { credentials } = config;
  const options: twilio.ClientOpts = {
    accountSid: credentials.accountSid,
    // Retries are ours (one deadline for the whole request), so the SDK must not add its own.
    autoRetry: false,
    timeout: SOCKET_TIMEOUT_MS,
    ...POOL,
  };
  if (config.region) options.region = config.region;
  if (config.edge) options.edge = config.edge;
  return credentials.kind === 'auth_token'
    ? twilio(credentials.accountSid, credentials.authToken, options)
    : twilio(credentials.apiKey, credentials.apiSecret, options);
}

/**
 * The twilio 6 client of this warm instance for these settings, made once and kept (like the
 * validated tokens, src/http/token-cache.ts): its kept-alive connections serve the next invocations.
 * Settings that differ (another deployment's credentials, region or edge) replace it.
 */
export function twilioClientFor(config: Config): twilio.Twilio {
  const key = clientKey(config);
  if (shared?.key !== key) shared = { key, client: newTwilioClient(config) };
  return shared.client;
}

/** One request's Twilio access: the retrying gateway over the twilio 6 client, and the deadline it shares. */
export interface RequestTwilio {
  gateway: TwilioGateway;
  /** The budget every Twilio call of the request shares (token validation included). */
  deadline: Deadline;
}

/** Twilio access for one Function invocation, under the default 7-second budget (the phases after it: `Deadline`). */
export function twilioForRequest(config: Config): RequestTwilio {
  return twilioWithin(config, DEFAULT_BUDGET_MS);
}

/**
 * Twilio access under a budget of its own: every request and retry of this gateway ends within
 * `budgetMs` from now (the Event Streams sink, which must answer within Twilio's 5 seconds).
 */
export function twilioWithin(config: Config, budgetMs: number): RequestTwilio {
  const deadline = createDeadline(budgetMs);
  const gateway = createTwilioGateway(twilioClientFor(config), config.workspaceSid, deadline, config);
  return { gateway, deadline };
}
