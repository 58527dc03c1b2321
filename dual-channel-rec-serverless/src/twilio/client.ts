import twilio from 'twilio';
import type { Config } from '../config/settings';
import type { TwilioGateway } from './gateway';
import { createTwilioGateway } from './gateway';
import type { Deadline } from './retry';
import { createDeadline, DEFAULT_BUDGET_MS } from './retry';

/** The twilio 6.x client for these settings (never context.getTwilioClient(), which is twilio-run's 4.x). */
export function createTwilioClient(config: Config, timeoutMs: number): twilio.Twilio {
  const { credentials } = config;
  const options: twilio.ClientOpts = {
    accountSid: credentials.accountSid,
    // Retries are ours (one deadline for the whole request), so the SDK must not add its own.
    autoRetry: false,
    timeout: timeoutMs,
  };
  if (config.region) options.region = config.region;
  if (config.edge) options.edge = config.edge;
  return credentials.kind === 'auth_token'
    ? twilio(credentials.accountSid, credentials.authToken, options)
    : twilio(credentials.apiKey, credentials.apiSecret, options);
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
  const gateway = createTwilioGateway(
    createTwilioClient(config, budgetMs),
    config.workspaceSid,
    deadline,
    config,
  );
  return { gateway, deadline };
}
