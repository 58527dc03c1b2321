/// <reference types="@twilio-labs/serverless-runtime-types" />
import type {
  Context,
  ServerlessCallback,
  TwilioResponse,
} from '@twilio-labs/serverless-runtime-types/types';
import type * as Config from './config.private';
import type * as Errors from './errors.private';
import type * as FlexToken from './flex-token.private';
import type * as Http from './http.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { parseConfig, parseOrigins, DEFAULT_ALLOWED_ORIGINS } = load<typeof Config>('shared/config');
const { ApiError } = load<typeof Errors>('shared/errors');
const http = load<typeof Http>('shared/http');
const { tokenProblem } = load<typeof FlexToken>('shared/flex-token');

/**
 * What every route does around its own work: CORS and the origin check for browser routes, the
 * config parse answered as 500 naming the setting, one JSON log line per event, and every failure
 * answered as a JSON error (never `callback(err)`, whose stack trace the local runtime would print).
 */

/** A parse result: the typed value, or the first problem with the field it is about. */
export type Parsed<P> = { ok: true; params: P } | { ok: false; problem: { field: string; reason: string } };

/**
 * A browser route's parameters and Flex token, or the answer a bad one deserves: 400 naming the
 * field, or 403 when the token is missing. Nothing reaches Twilio before both have parsed.
 */
export function requireInput<P>(
  parsed: Parsed<P>,
  token: { ok: true; token: string } | { ok: false; missing: boolean; reason: string },
): { params: P; token: string } {
  if (!parsed.ok) {
    const { field, reason } = parsed.problem;
    throw new ApiError(400, 'invalid_parameter', reason, { field });
  }
  if (!token.ok) throw tokenProblem(token);
  return { params: parsed.params, token: token.token };
}

/** Structured, secret-free log lines (SIDs and codes only: no tokens, no phone numbers). */
export type LogFn = (event: string, fields: Record<string, string | number | boolean | undefined>) => void;

/** A logger writing one JSON line per event, tagged with the Function's name. */
export function jsonLogger(fn: string): LogFn {
  return (event, fields) => {
    console.log(JSON.stringify({ fn, event, ...fields }));
  };
}

/** What a route's own work answers. */
export interface RouteReply {
  status: number;
  body: object;
}

/** The inputs a route's own work gets once the common checks passed. */
export interface RouteInput<E> {
  context: Context<Config.RecordingEnv>;
  event: E;
  config: Config.Config;
  log: LogFn;
}

/** The Functions' handler signature. */
export type Handler<E> = (
  context: Context<Config.RecordingEnv>,
  event: E,
  callback: ServerlessCallback,
) => Promise<void>;

/** Parses the settings; a problem is logged by name and thrown as the 500 every route answers. */
export function requireConfig(context: Context<Config.RecordingEnv>, log: LogFn): Config.Config {
  const parsed = parseConfig(context);
  if (parsed.ok) return parsed.config;
  for (const problem of parsed.problems)
    log('config_problem', { setting: problem.setting, reason: problem.reason });
  const [first] = parsed.problems;
  const code = first.kind === 'missing' ? 'missing_setting' : 'invalid_setting';
  const message = `The Function's ${first.setting} setting is ${first.kind}; an administrator must fix its environment`;
  throw new ApiError(500, code, message, { setting: first.setting });
}

/** This service's public base URL: PUBLIC_BASE_URL, else the deployed domain. */
export function publicBase(config: Config.Config, context: Context<Config.RecordingEnv>): string {
  return config.publicBaseUrl ?? `https://${context.DOMAIN_NAME}`;
}

function logFailure(log: LogFn, error: unknown, apiError: Errors.ApiError): void {
  log('request_failed', {
    status: apiError.status,
    code: apiError.code,
    twilioCode: apiError.details.twilioCode,
    // Our own errors say what happened; for anything else the name is enough to find it, and its
    // message could echo request data.
    detail: error instanceof Error ? error.name : typeof error,
  });
}

function corsOf(
  context: Context<Config.RecordingEnv>,
  event: Http.RequestInfo,
): ReturnType<typeof http.corsFor> {
  // Even a misconfigured service must answer its own origin in a way the browser reads.
  const origins = parseOrigins(context.ALLOWED_ORIGINS);
  const allowed = 'origins' in origins ? origins.origins : DEFAULT_ALLOWED_ORIGINS;
  return http.corsFor(http.requestOrigin(event), allowed);
}

/** The answer when a client parameter named `request` replaced the runtime's request headers. */
function reservedRequestError(): Errors.ApiError {
  return new ApiError(
    400,
    'invalid_parameter',
    'The parameter name "request" is reserved by the Twilio runtime for the HTTP headers; remove it',
    { field: 'request' },
  );
}

/** A route the Flex plugin calls from the browser: CORS, origin check, config, JSON answers. */
export function browserRoute<E extends Http.RequestInfo>(
  fn: string,
  run: (input: RouteInput<E>) => Promise<RouteReply>,
): Handler<E> {
  const log = jsonLogger(fn);
  const handle = async (context: Context<Config.RecordingEnv>, event: E): Promise<TwilioResponse> => {
    // Without the runtime's headers the Origin is unknown: answer without CORS headers, act on nothing.
    if (http.runtimeHeaders(event) === undefined) return http.errorResponse(reservedRequestError(), {});
    const cors = corsOf(context, event);
    if (http.isPreflight(event)) return http.preflightResponse(cors.allowed, cors.headers);
    if (!cors.allowed) {
      log('origin_refused', {});
      return http.errorResponse(
        new ApiError(
          403,
          'origin_not_allowed',
          'This origin may not call the recording Function; add it to ALLOWED_ORIGINS',
        ),
        cors.headers,
      );
    }
    const config = requireConfig(context, log);
    const reply = await run({ context, event, config, log });
    return http.jsonResponse(reply.status, reply.body, cors.headers);
  };
  return async (context, event, callback) => {
    try {
      callback(null, await handle(context, event));
    } catch (error) {
      const apiError = http.toApiError(error);
      logFailure(log, error, apiError);
      callback(null, http.errorResponse(apiError, corsOf(context, event).headers));
    }
  };
}

/** A route Twilio calls (a webhook): no CORS, config, JSON answers. */
export function webhookRoute<E extends Http.RequestInfo>(
  fn: string,
  run: (input: RouteInput<E>) => Promise<RouteReply>,
): Handler<E> {
  const log = jsonLogger(fn);
  return async (context, event, callback) => {
    try {
      if (http.runtimeHeaders(event) === undefined) throw reservedRequestError();
      const config = requireConfig(context, log);
      const reply = await run({ context, event, config, log });
      callback(null, http.jsonResponse(reply.status, reply.body, {}));
    } catch (error) {
      const apiError = http.toApiError(error);
      logFailure(log, error, apiError);
      callback(null, http.errorResponse(apiError, {}));
    }
  };
}
