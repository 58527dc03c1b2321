import { toApiError } from './failures';
import { jsonLogger } from './log';
import type { Parsed } from './params';
import type { FunctionEvent } from './request';
import { runtimeHeaders } from './request';
import { errorResponse, jsonResponse } from './responses';
import type { Handler, RouteReply, RouteRequest, RouteScope } from './route';
import { logFailure, requireConfig, requireParams, reservedRequestError } from './route';

/** A route Twilio calls (a webhook), reading the fields `F` into the parameters `P`. */
export interface WebhookRouteSpec<F, P> {
  /** The Function's name in log lines (the route without its slash). */
  name: string;
  /** Proves Twilio sent the request (throws an ApiError when not); runs before anything is parsed. */
  authenticate: (event: FunctionEvent<F>, scope: RouteScope) => void;
  /** Parses Twilio's parameters into P, or names the bad field. */
  parse: (fields: F) => Parsed<P>;
  /** The route's work. */
  run: (request: RouteRequest<P>) => Promise<RouteReply>;
}

/** A route Twilio calls (a webhook): no CORS; config, then authentication, then the parameters. */
export function webhookRoute<F, P>(spec: WebhookRouteSpec<F, P>): Handler<FunctionEvent<F>> {
  const log = jsonLogger(spec.name);
  return async (context, event, callback) => {
    try {
      if (runtimeHeaders(event) === undefined) throw reservedRequestError();
      const config = requireConfig(context, log);
      spec.authenticate(event, { config, context, log });
      const params = requireParams(spec.parse(event));
      const reply = await spec.run({ params, config, context, log });
      callback(null, jsonResponse(reply.status, reply.body, {}));
    } catch (error) {
      const apiError = toApiError(error);
      logFailure(log, error, apiError);
      callback(null, errorResponse(apiError, {}));
    }
  };
}
