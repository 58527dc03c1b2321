import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayAnswer, GatewayRefusal } from './answers';
import { preflightAnswer, refusalAnswer, sendAnswer } from './answers';
import { handleControl, CONTROL_PREFIX } from './control';
import type { GatewayCounters } from './counters';
import { emptyCounters } from './counters';
import type { GatewayFault } from './faults';
import { GatewayFaultQueue } from './faults';
import type { RawHeaders } from './header-limits';
import { exceedsHeaderLimits, measureHeaders } from './header-limits';
import { deployedRestrictedHeaders, isInHeaderSet } from './restricted-headers';
import type { GatewaySettings } from './settings';
import { parseGatewaySettings } from './settings';
import type { UpstreamOutcome, UpstreamTarget } from './upstream';
import { sendHttp10 } from './upstream';

/** Options for {@link startGateway}. */
export interface GatewayOptions {
  /** The Functions' dev server (twilio-run) the gateway fronts. */
  readonly upstream: UpstreamTarget;
  /** Port to listen on (default: a free one) and address (default 127.0.0.1). */
  readonly port?: number;
  readonly host?: string;
  /** Environment read for settings (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Settings over the environment's (tests and benchmarks). */
  readonly settings?: Partial<GatewaySettings>;
}

/** A running gateway. */
export interface RunningGateway {
  /** What clients call instead of twilio-run, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  readonly port: number;
  readonly settings: GatewaySettings;
  /** A copy of the counters now. */
  stats(): GatewayCounters;
  /** Zeroes the counters (invocations still running stay counted in `inFlight`). */
  resetStats(): void;
  /** Queues faults for the next invocations (tests, the fault matrix); `clearFaults` forgets them. */
  injectFaults(fault: GatewayFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

// Never forwarded: the client's framing is replaced by the gateway's (it reads the whole body first).
const REQUEST_FRAMING = ['content-length'];
// Hop-by-hop fields of the Functions' answer; the gateway frames its own answer to the client.
const RESPONSE_HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length'];
// Node's default (16 KiB) would answer 431 itself before the gateway could count; allow more so
// that the gateway's own limit, with Twilio's texts, is the one a client meets.
const SERVER_MAX_HEADER_SIZE = 256 * 1024;

function filterRaw(raw: RawHeaders, drop: (name: string) => boolean): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (!drop(raw[i])) kept.push(raw[i], raw[i + 1]);
  return kept;
}

type BodyRead = { ok: true; body: Buffer } | { ok: false; aborted: boolean };

function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, aborted: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        resolve({ ok: false, aborted: false });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ ok: true, body: Buffer.concat(chunks) }));
    // A client that goes away mid-body never gets an answer, and no Function runs for it.
    req.once('close', () => {
      if (!req.complete) resolve({ ok: false, aborted: true });
    });
    req.once('error', reject);
  });
}

/**
 * Starts the local stand-in for Twilio's Functions gateway in front of twilio-run: it strips the
 * headers a deployed Function never sees (Host included), answers preflights itself, enforces
 * Twilio's header, body and response limits, admits at most `maxConcurrency` invocations (429
 * beyond) and cuts each at `timeoutMs` (504). Counters are readable in process and at
 * `/__gateway/stats`.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const parsed = parseGatewaySettings(options.env ?? process.env, options.settings);
  if (!parsed.ok)
    throw new Error(`gateway settings: ${parsed.problems.map((p) => `${p.setting} ${p.reason}`).join('; ')}`);
  const settings = parsed.settings;
  const restricted = deployedRestrictedHeaders();
  let counters = emptyCounters();
  const faults = new GatewayFaultQueue();

  const refuse = (res: ServerResponse, refusal: GatewayRefusal): void =>
    sendAnswer(res, refusalAnswer(refusal, settings.errorCors));

  const relay = (res: ServerResponse, outcome: UpstreamOutcome): void => {
    switch (outcome.kind) {
      case 'timeout':
        counters.timedOut += 1;
        return refuse(res, 'timed-out');
      case 'failed':
        counters.failed += 1;
        return refuse(res, 'functions-unreachable');
      case 'response-too-large':
        counters.completed += 1;
        counters.rejectedResponses += 1;
        return refuse(res, 'response-body-too-large');
      case 'response': {
        counters.completed += 1;
        const { status, statusText, rawHeaders, body } = outcome.response;
        const headers = filterRaw(rawHeaders, (name) => RESPONSE_HOP_BY_HOP.includes(name.toLowerCase()));
        if (exceedsHeaderLimits(measureHeaders(headers), settings)) {
          counters.rejectedResponses += 1;
          return refuse(res, 'response-headers-too-large');
        }
        res.writeHead(status, statusText, [...headers, 'Content-Length', String(body.length)]);
        res.end(body);
      }
    }
  };

  const invoke = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    if (counters.inFlight >= settings.maxConcurrency || faults.takeRefusal(req.url ?? '/')) {
      counters.rejectedBusy += 1;
      return refuse(res, 'too-many-invocations');
    }
    counters.admitted += 1;
    counters.inFlight += 1;
    counters.peakInFlight = Math.max(counters.peakInFlight, counters.inFlight);
    const headers = filterRaw(
      req.rawHeaders,
      (name) => isInHeaderSet(restricted, name) || REQUEST_FRAMING.includes(name.toLowerCase()),
    );
    if (body.length > 0 || req.headers['content-length'] !== undefined)
      headers.push('Content-Length', String(body.length));
    const cutAfterMs = faults.takeCut(req.url ?? '/');
    const outcome = await sendHttp10(
      options.upstream,
      { method: req.method ?? 'GET', target: req.url ?? '/', headers, body },
      cutAfterMs === undefined ? settings : { ...settings, timeoutMs: cutAfterMs },
    );
    // A reset while this ran started counters that already count this invocation in flight.
    counters.inFlight -= 1;
    relay(res, outcome);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    if (url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`)) {
      return handleControl(req, res, {
        settings,
        stats: () => ({ ...counters }),
        reset: () => {
          counters = emptyCounters(counters.inFlight);
        },
        faults,
      });
    }
    if (exceedsHeaderLimits(measureHeaders(req.rawHeaders), settings)) {
      counters.rejectedHeaders += 1;
      res.shouldKeepAlive = false;
      return refuse(res, 'request-headers-too-large');
    }
    if (req.method === 'OPTIONS') {
      counters.preflights += 1;
      return sendAnswer(res, preflightAnswer());
    }
    if (req.method !== 'GET' && req.method !== 'POST') return refuse(res, 'method-not-allowed');
    const read = await readBody(req, settings.maxRequestBodyBytes);
    if (!read.ok && read.aborted) return;
    if (!read.ok) {
      counters.rejectedBody += 1;
      // The rest of the body was never read, so this connection cannot carry another request.
      res.shouldKeepAlive = false;
      res.once('finish', () => req.socket.destroy());
      return refuse(res, 'request-body-too-large');
    }
    return invoke(req, res, read.body);
  };

  const server = http.createServer({ maxHeaderSize: SERVER_MAX_HEADER_SIZE }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('gateway: request failed', error);
      if (!res.headersSent) sendAnswer(res, answerFor500());
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    settings,
    stats: () => ({ ...counters }),
    resetStats: () => {
      counters = emptyCounters(counters.inFlight);
    },
    injectFaults: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answerFor500(): GatewayAnswer {
  return { status: 500, headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, body: 'gateway error' };
}
