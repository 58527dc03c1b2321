import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ORIGINAL_HOST_HEADER, apiFor } from './api-routing';
import { createApi2010Handlers } from './apis/api2010';
import { createFlexHandlers } from './apis/flex';
import { createInsightsHandlers } from './apis/insights';
import { createIntelligenceHandlers } from './apis/intelligence';
import { createSyncHandlers } from './apis/sync';
import { createCallListHandlers } from './apis/call-list';
import { TOKEN_VALIDATE_PATH, validateToken } from './apis/iam';
import { MEDIA_PATH, checkMediaServable, serveMedia } from './apis/media';
import { createTaskRouterHandlers } from './apis/taskrouter';
import type { ApiHandler, ApiResponse } from './apis/types';
import { authenticate, credentialsAccount, requireSameAccount } from './auth';
import type { ConcurrencyLimit } from './concurrency';
import type { RequestsInFlight } from './in-flight';
import { CONCURRENT_REQUESTS_HEADER } from './concurrency';
import { SandboxDefectError, TwilioErrorResponse, notFound, twilioErrorBody } from './errors';
import type { FaultInjector } from './faults';
import { header, parseParams, readBody, sendJson } from './http-util';
import type { OpenApiValidator } from './openapi/validator';
import type { RecordingService } from './recordings';
import type { SandboxState } from './state';
import type { SignedMedia } from './media-access';
import { SIGNED_MEDIA_TTL_MS } from './media-access';

/** Dependencies of the Twilio-side request pipeline. */
export interface TwilioApiDeps {
  state: SandboxState;
  validator: OpenApiValidator;
  recordings: RecordingService;
  faults: FaultInjector;
  /** Twilio's REST concurrency limit (requests in flight per account). */
  concurrency: ConcurrencyLimit;
  /** The requests received and not yet answered (the control API's `GET /requests/in-flight`). */
  inFlight: RequestsInFlight;
  /** Called with every sandbox defect (a response that broke Twilio's schema, a crash). */
  onDefect(message: string): void;
  /** Signs the short-lived media URLs an authenticated media request is redirected to. */
  signedMedia: SignedMedia;
  /** The sandbox's own base URL (where the short-lived media URLs point). */
  publicUrl(): string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the handler for Twilio paths: faults, authentication, OpenAPI request validation, the
 * operation's handler, OpenAPI response validation, and the request log.
 */
export function createTwilioApi(
  deps: TwilioApiDeps,
): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const { state, validator, faults } = deps;
  const handlers: Record<string, ApiHandler> = {
    ...createApi2010Handlers(state, deps.recordings),
    ...createTaskRouterHandlers(state),
    ...createFlexHandlers(state),
    ...createInsightsHandlers(state),
    ...createIntelligenceHandlers(state),
    ...createSyncHandlers(state),
    ...createCallListHandlers(state),
  };

  const handle = async (
    req: IncomingMessage,
    url: URL,
    rawBody: string,
    host: string,
  ): Promise<ApiResponse> => {
    const pathname = url.pathname;
    const api = apiFor(host, pathname);
    if (!api) throw notFound(pathname);
    const authorization = header(req, 'authorization');
    if (api === 'api' && req.method === 'GET' && MEDIA_PATH.test(pathname)) {
      const accountSid = MEDIA_PATH.exec(pathname)?.[1] ?? '';
      if (state.mediaAuthEnforced.has(accountSid)) {
        // "Enforce HTTP Auth on Media URLs": credentials required, answered with a redirect to a
        // short-lived URL that needs none (what the Insights player and a browser can load).
        requireSameAccount(authenticate(state, authorization), accountSid);
        const media = checkMediaServable(state, pathname);
        const location = deps.signedMedia.url(deps.publicUrl(), {
          recordingSid: media.recordingSid,
          requestedChannels: url.searchParams.get('RequestedChannels'),
          expiresMs: Date.now() + SIGNED_MEDIA_TTL_MS,
        });
        return {
          status: 302,
          headers: { Location: location },
          raw: { contentType: 'text/plain', data: Buffer.from('') },
        };
      }
      // Twilio serves media without auth unless the account enforces it; if sent, it must be right.
      if (authorization) requireSameAccount(authenticate(state, authorization), accountSid);
      return serveMedia(state, pathname, url.searchParams);
    }
    if (api === 'iam') {
      const m = TOKEN_VALIDATE_PATH.exec(pathname);
      if (!m || req.method !== 'POST') throw notFound(pathname);
      return validateToken(state, authenticate(state, authorization), m[1], rawBody);
    }
    const match = validator.match(api, req.method ?? 'GET', pathname);
    if (!match) {
      if (validator.knowsPath(api, pathname)) throw new TwilioErrorResponse(405, 20004, 'Method not allowed');
      throw notFound(pathname);
    }
    const account = authenticate(state, authorization);
    requireSameAccount(account, match.pathParams.AccountSid);
    const contentType = header(req, 'content-type') ?? '';
    if (rawBody !== '' && !contentType.includes('application/x-www-form-urlencoded')) {
      throw new TwilioErrorResponse(400, 20001, 'Twilio takes application/x-www-form-urlencoded bodies');
    }
    const { query, body } = validator.validateRequest(
      match,
      parseParams(url.search.slice(1)),
      parseParams(rawBody),
      pathname,
    );
    const handler = handlers[match.operation.operationId];
    if (!handler) {
      throw new TwilioErrorResponse(
        501,
        20501,
        `The sandbox does not implement ${match.operation.operationId}`,
      );
    }
    const result = await handler({
      method: req.method ?? 'GET',
      pathname,
      pathParams: match.pathParams,
      query,
      body,
      headers: req.headers,
      account,
    });
    if (result.status < 300 && !result.raw) validator.validateResponse(match, result.status, result.body);
    return result;
  };

  // Requests seen on each connection: the first one paid for opening it (deployed: TCP and TLS).
  const requestsOn = new WeakMap<Socket, number>();
  return async (req, res, url) => {
    const started = Date.now();
    const onConnection = requestsOn.get(req.socket) ?? 0;
    requestsOn.set(req.socket, onConnection + 1);
    const host = header(req, ORIGINAL_HOST_HEADER) ?? header(req, 'host') ?? '';
    const api = apiFor(host, url.pathname);
    let status = 0;
    let code: number | null = null;
    let fault: string | null = null;
    // In flight until it is in the request log (a client gone mid-request included: logged as 499).
    const endInFlight = deps.inFlight.begin({
      method: req.method ?? 'GET',
      api: api ?? 'api',
      path: url.pathname,
    });
    // Counted from arrival to the end of the answer (latency included), as Twilio counts requests in flight.
    const account = credentialsAccount(state, header(req, 'authorization'));
    const admission = account === undefined ? undefined : deps.concurrency.admit(account);
    const countHeader: Record<string, string> = admission
      ? { [CONCURRENT_REQUESTS_HEADER]: String(admission.inFlight) }
      : {};
    if (admission?.admitted) res.once('close', admission.release);
    try {
      if (admission && !admission.admitted) {
        // Refused at once and never processed (no latency, no fault rule counts it).
        fault = 'concurrency-limit';
        throw new TwilioErrorResponse(429, 20429, 'Too Many Requests');
      }
      const decision = faults.decide({ method: req.method ?? 'GET', api: api ?? 'api', path: url.pathname });
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.drop) {
        fault = `drop:${decision.ruleId ?? ''}`;
        req.socket.destroy();
        return;
      }
      const rawBody = await readBody(req);
      if (decision.error) {
        fault = decision.ruleId ?? 'rate-limit';
        throw new TwilioErrorResponse(decision.error.status, decision.error.code, decision.error.message);
      }
      const result = await handle(req, url, rawBody, host);
      status = result.status;
      const headers = {
        'Twilio-Request-Id': `RQ${state.requests.length.toString(16).padStart(32, '0')}`,
        ...countHeader,
        ...(result.headers ?? {}),
      };
      if (result.raw) {
        res.writeHead(result.status, {
          'Content-Type': result.raw.contentType,
          'Content-Length': String(result.raw.data.length),
          ...headers,
        });
        res.end(result.raw.data);
      } else {
        sendJson(res, result.status, result.body, headers);
      }
    } catch (err) {
      if (req.socket.destroyed) {
        // The client went away mid-request (a killed CLI, an abandoned Function): nobody is left to
        // answer, and it is the client's doing, not a sandbox defect. 499 as nginx logs it.
        status = 499;
        fault = fault ?? 'client-closed';
      } else if (err instanceof TwilioErrorResponse) {
        status = err.status;
        code = err.code;
        sendJson(res, err.status, err.toBody(), countHeader);
      } else {
        // A defect of the sandbox: answer loudly so no test can mistake it for Twilio behaviour.
        const message =
          err instanceof SandboxDefectError
            ? err.message
            : `Sandbox crashed: ${err instanceof Error ? err.stack : String(err)}`;
        deps.onDefect(message);
        status = 500;
        code = 20500;
        sendJson(res, 500, { ...twilioErrorBody(500, 20500, `SANDBOX DEFECT: ${message}`) });
      }
    } finally {
      state.logRequest({
        at: new Date(started).toISOString(),
        atMs: started,
        method: req.method ?? 'GET',
        host,
        api: api ?? 'unknown',
        path: url.pathname,
        query: url.search,
        status: status || 0,
        durationMs: Date.now() - started,
        fault,
        twilioCode: code,
        newConnection: onConnection === 0,
      });
      endInFlight();
    }
  };
}
