/**
 * What every route does around its own work, so each `src/functions/<route>.ts` only names its parse
 * and its run (browser-route.ts for the plugin's routes, webhook-route.ts for Twilio's): the refusal
 * of a forged `request` parameter, the config parse answered as 500 naming the setting, the
 * parameter parse answered as 400 naming the field, one JSON log line per event, and every failure
 * answered as a JSON error (never `callback(err)`, whose stack trace the local runtime would print).
 */
import type { Context, ServerlessCallback } from '@twilio-labs/serverless-runtime-types/types';
import type { Config, RecordingEnv } from '../config/settings';
import { parseConfig } from '../config/settings';
import { ApiError } from './api-error';
import type { LogFn } from './log';
import type { Parsed } from './params';

/** The Functions' context: the runtime's helpers plus the settings in {@link RecordingEnv}. */
export type FunctionContext = Context<RecordingEnv>;

/** The Functions' handler signature (what `exports.handler` must be). */
export type Handler<E> = (context: FunctionContext, event: E, callback: ServerlessCallback) => Promise<void>;

/** What a route's own work answers. */
export interface RouteReply {
  status: number;
  body: object;
}

/** The settings, the runtime's context and the route's logger: what every step of a route may use. */
export interface RouteScope {
  config: Config;
  context: FunctionContext;
  log: LogFn;
}

/** What a route's work gets once the common checks passed: the scope and the parsed parameters. */
export interface RouteRequest<P> extends RouteScope {
  params: P;
}

/** Parses the settings; a problem is logged by name and thrown as the 500 every route answers. */
export function requireConfig(context: FunctionContext, log: LogFn): Config {
  const parsed = parseConfig(context);
  if (parsed.ok) return parsed.config;
  for (const problem of parsed.problems)
    log('config_problem', { setting: problem.setting, reason: problem.reason });
  const [first] = parsed.problems;
  const code = first.kind === 'missing' ? 'missing_setting' : 'invalid_setting';
  const message = `The Function's ${first.setting} setting is ${first.kind}; an administrator must fix its environment`;
  throw new ApiError(code, message, { setting: first.setting });
}

/** This service's public base URL: PUBLIC_BASE_URL, else the deployed domain. */
export function publicBase(config: Config, context: FunctionContext): string {
  return config.publicBaseUrl ?? `https://${context.DOMAIN_NAME}`;
}

/** The parameters, or the 400 naming the field that did not parse. */
export function requireParams<P>(parsed: Parsed<P>): P {
  if (parsed.ok) return parsed.params;
  const { field, reason } = parsed.problem;
  throw new ApiError('invalid_parameter', reason, { field });
}

/** One log line for a failed request: status and codes, never the message of an unknown error. */
export function logFailure(log: LogFn, error: unknown, apiError: ApiError): void {
  log('request_failed', {
    status: apiError.status,
    code: apiError.code,
    twilioCode: apiError.details.twilioCode,
    // Our own errors say what happened; for anything else the name is enough to find it, and its
    // message could echo request data.
    detail: error instanceof Error ? error.name : typeof error,
  });
}

/** The answer when a client parameter named `request` replaced the runtime's request headers. */
export function reservedRequestError(): ApiError {
  return new ApiError(
    'invalid_parameter',
    'The parameter name "request" is reserved by the Twilio runtime for the HTTP headers; remove it',
    { field: 'request' },
  );
}
