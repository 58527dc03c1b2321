/**
 * Routes Twilio traffic to the local sandbox, through configuration only: load with
 * `node --require dist/preload.js` (or NODE_OPTIONS in twilio-run's --env file) and set
 * TWILIO_SANDBOX_URL. Without that variable it does nothing, so product code has no sandbox branch.
 *
 * Requests to twilio.com / *.twilio.com made through node's http/https `request`/`get` (the twilio
 * SDK's axios, twilio-run's bundled twilio, twilio-flex-token-validator) and global `fetch` go to
 * the sandbox over plain http, with `X-Sandbox-Original-Host` naming the host they were meant for.
 */
import http from 'node:http';
import https from 'node:https';

/** Env var naming the sandbox base URL (e.g. http://127.0.0.1:4010). */
export const SANDBOX_URL_ENV = 'TWILIO_SANDBOX_URL';
/** Header carrying the original Twilio host. */
export const ORIGINAL_HOST = 'X-Sandbox-Original-Host';

const INSTALLED = Symbol.for('twilio-sandbox.preload');

type RequestFn = typeof http.request;
type Callback = (res: http.IncomingMessage) => void;

/** True for twilio.com and any of its subdomains (api.dublin.ie1.twilio.com, iam.twilio.com, ...). */
export function isTwilioHost(hostname: string | null | undefined): boolean {
  const h = (hostname ?? '').toLowerCase().replace(/\.$/, '');
  return h === 'twilio.com' || h.endsWith('.twilio.com');
}

/** Splits node's (url?, options?, callback?) request arguments into one options object. */
function normalise(args: unknown[]): { options: http.RequestOptions; callback?: Callback } {
  let options: http.RequestOptions = {};
  let callback: Callback | undefined;
  for (const arg of args) {
    if (typeof arg === 'function') callback = arg as Callback;
    else if (typeof arg === 'string' || arg instanceof URL) {
      const u = typeof arg === 'string' ? new URL(arg) : arg;
      options = {
        ...options,
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        ...(u.username
          ? { auth: `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` }
          : {}),
      };
    } else if (arg && typeof arg === 'object') options = { ...options, ...(arg as http.RequestOptions) };
  }
  return { options, callback };
}

function hostOf(options: http.RequestOptions): string {
  const raw = options.hostname ?? options.host ?? '';
  // `host` may carry a port ("api.twilio.com:443").
  return String(raw).replace(/:\d+$/, '');
}

/**
 * The plain-http agent a caller's agent stands for, one per Twilio host it is used with, so that
 * connections are kept, reused and counted as the caller's own pool would (a client that keeps its
 * agent reuses its connections; one made per request opens new ones): the sandbox speaks plain http,
 * and the caller's agent speaks TLS. Its pool settings are copied (keep-alive, socket caps, idle
 * timeout); one agent per host because deployed, api.twilio.com and taskrouter.twilio.com are
 * separate pools, while here they would all share the sandbox's address. `false` stays false (a new
 * connection per request, as asked); no agent means node's global one (keep-alive since Node 19, as
 * `https.globalAgent` deployed).
 */
function plainAgentFactory(): (agent: unknown, host: string) => http.Agent | false | undefined {
  const plain = new WeakMap<http.Agent, Map<string, http.Agent>>();
  return (agent, host) => {
    if (agent === false) return false;
    if (!(agent instanceof http.Agent)) return undefined;
    let byHost = plain.get(agent);
    if (!byHost) {
      byHost = new Map();
      plain.set(agent, byHost);
    }
    let routed = byHost.get(host);
    if (!routed) {
      const options = (agent as http.Agent & { options?: http.AgentOptions }).options ?? {};
      routed = new http.Agent({
        keepAlive: options.keepAlive,
        keepAliveMsecs: options.keepAliveMsecs,
        maxSockets: agent.maxSockets,
        maxFreeSockets: agent.maxFreeSockets,
        maxTotalSockets: agent.maxTotalSockets,
        scheduling: options.scheduling,
        timeout: options.timeout,
      });
      byHost.set(host, routed);
    }
    return routed;
  };
}

/**
 * Installs the routing (idempotent); returns a function that removes it. Exported for tests; the
 * module installs it by itself when TWILIO_SANDBOX_URL is set.
 */
export function installSandboxRouting(sandboxUrl: string): () => void {
  const g = globalThis as typeof globalThis & { [INSTALLED]?: () => void };
  if (g[INSTALLED]) return g[INSTALLED];
  const target = new URL(sandboxUrl);
  const originalHttpRequest = http.request;
  const originals = {
    httpRequest: http.request,
    httpGet: http.get,
    httpsRequest: https.request,
    httpsGet: https.get,
    fetch: globalThis.fetch,
  };

  const plainAgentFor = plainAgentFactory();
  const reroute = (fallback: RequestFn): RequestFn =>
    function (this: unknown, ...args: unknown[]): http.ClientRequest {
      const { options, callback } = normalise(args);
      const host = hostOf(options);
      if (!isTwilioHost(host)) return (fallback as (...a: unknown[]) => http.ClientRequest).apply(this, args);
      const headers: http.OutgoingHttpHeaders = {
        ...(options.headers as http.OutgoingHttpHeaders | undefined),
      };
      for (const key of Object.keys(headers)) if (key.toLowerCase() === 'host') delete headers[key];
      headers[ORIGINAL_HOST] = host;
      const routed: http.RequestOptions = {
        ...options,
        protocol: 'http:',
        host: undefined,
        hostname: target.hostname,
        port: target.port || 80,
        headers,
        agent: plainAgentFor(options.agent, host),
      };
      return callback ? originalHttpRequest(routed, callback) : originalHttpRequest(routed);
    } as RequestFn;

  const asGet = (request: RequestFn): typeof http.get =>
    function (this: unknown, ...args: unknown[]): http.ClientRequest {
      const req = (request as (...a: unknown[]) => http.ClientRequest).apply(this, args);
      req.end();
      return req;
    } as typeof http.get;

  http.request = reroute(originals.httpRequest);
  http.get = asGet(http.request);
  https.request = reroute(originals.httpsRequest) as typeof https.request;
  https.get = asGet(https.request as RequestFn) as typeof https.get;

  if (typeof originals.fetch === 'function') {
    globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!isTwilioHost(url.hostname)) return originals.fetch(input, init);
      const routedUrl = new URL(`${url.pathname}${url.search}`, target);
      const request = new Request(input instanceof Request ? input : url, init);
      const headers = new Headers(request.headers);
      headers.set(ORIGINAL_HOST, url.hostname);
      const body =
        request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return originals.fetch(routedUrl, {
        method: request.method,
        headers,
        body,
        redirect: request.redirect,
        signal: request.signal,
      });
    };
  }

  const uninstall = (): void => {
    http.request = originals.httpRequest;
    http.get = originals.httpGet;
    https.request = originals.httpsRequest;
    https.get = originals.httpsGet;
    if (originals.fetch) globalThis.fetch = originals.fetch;
    delete g[INSTALLED];
  };
  g[INSTALLED] = uninstall;
  return uninstall;
}

const configured = process.env[SANDBOX_URL_ENV];
if (configured) installSandboxRouting(configured);
