import type { TwilioResponse } from '@twilio-labs/serverless-runtime-types/types';
import { DEFAULT_ALLOWED_ORIGINS, parseOrigins } from '../config/settings';
import { ApiError } from './api-error';
import type { CorsDecision } from './cors';
import { corsFor } from './cors';
import { toApiError } from './failures';
import type { TokenResult } from './flex-token';
import { parseToken, tokenProblem } from './flex-token';
import { jsonLogger } from './log';
import type { Parsed } from './params';
import type { FunctionEvent, RequestInfo } from './request';
import { isPreflight, requestOrigin, runtimeHeaders } from './request';
import { errorResponse, jsonResponse, preflightResponse } from './responses';
import type { FunctionContext, Handler, RouteReply, RouteRequest } from './route';
import { logFailure, requireConfig, requireParams, reservedRequestError } from './route';

/** A browser route's request also carries the Flex token (validated by the work, alongside its reads). */
export interface BrowserRequest<P> extends RouteRequest<P> {
  token: string;
}

/** A route the Flex plugin calls from the browser, reading the fields `F` into the parameters `P`. */
export interface BrowserRouteSpec<F, P> {
  /** The Function's name in log lines (the route without its slash). */
  name: string;
  /** Parses the fields into P (the route reads the Token itself), or names the bad field. */
  parse: (fields: F) => Parsed<P>;
  /** The route's work. */
  run: (request: BrowserRequest<P>) => Promise<RouteReply>;
  /** Where the Flex token is read (default: the `Token` parameter). */
  readToken?: (event: FunctionEvent<F>) => TokenResult;
}

function corsOf(context: FunctionContext, event: RequestInfo): CorsDecision {
  // Even a misconfigured service must answer its own origin in a way the browser reads.
  const origins = parseOrigins(context.ALLOWED_ORIGINS);
  const allowed = 'origins' in origins ? origins.origins : DEFAULT_ALLOWED_ORIGINS;
  return corsFor(requestOrigin(event), allowed);
}

/**
 * A route the Flex plugin calls from the browser: CORS, origin check, config, then the parameters
 * (400 naming the field) and the Flex token (403 when missing, 400 when malformed) before any work,
 * so nothing reaches Twilio before both have parsed.
 */
export function browserRoute<F extends { Token?: unknown }, P>(
  spec: BrowserRouteSpec<F, P>,
): Handler<FunctionEvent<F>> {
  const log = jsonLogger(spec.name);
  const handle = async (context: FunctionContext, event: FunctionEvent<F>): Promise<TwilioResponse> => {
    // Without the runtime's headers the Origin is unknown: answer without CORS headers, act on nothing.
    if (runtimeHeaders(event) === undefined) return errorResponse(reservedRequestError(), {});
    const cors = corsOf(context, event);
    if (isPreflight(event)) return preflightResponse(cors.allowed, cors.headers);
    if (!cors.allowed) {
      log('origin_refused', {});
      return errorResponse(
        new ApiError(
          'origin_not_allowed',
          'This origin may not call the recording Function; add it to ALLOWED_ORIGINS',
        ),
        cors.headers,
      );
    }
    const config = requireConfig(context, log);
    const params = requireParams(spec.parse(event));
    const token = spec.readToken ? spec.readToken(event) : parseToken(event);
    if (!token.ok) throw tokenProblem(token);
    const reply = await spec.run({ params, token: token.token, config, context, log });
    return jsonResponse(reply.status, reply.body, cors.headers);
  };
  return async (context, event, callback) => {
    try {
      callback(null, await handle(context, event));
    } catch (error) {
      const apiError = toApiError(error);
      logFailure(log, error, apiError);
      callback(null, errorResponse(apiError, corsOf(context, event).headers));
    }
  };
}
