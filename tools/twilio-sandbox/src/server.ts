import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CallbackSender } from './callbacks';
import { CONTROL_PREFIX, createControlApi } from './control';
import type { ConcurrencyStats } from './concurrency';
import { ConcurrencyLimit, DEFAULT_MAX_CONCURRENCY } from './concurrency';
import { RequestsInFlight } from './in-flight';
import { FaultInjector } from './faults';
import { TwilioErrorResponse } from './errors';
import { renderMedia } from './apis/media';
import { EventStreams } from './event-streams';
import { SIGNED_MEDIA_PREFIX, SignedMedia } from './media-access';
import { sendJson } from './http-util';
import { OpenApiValidator } from './openapi/validator';
import { RecordingService } from './recordings';
import { ScenarioBuilder } from './scenarios';
import { DEFAULT_ACCOUNT, SandboxState } from './state';
import { createTwilioApi } from './twilio-api';

/** Options for {@link startSandbox}. */
export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /**
   * Twilio's REST concurrency limit: requests in flight per account (429 / 20429 beyond); null for
   * none. Default {@link DEFAULT_MAX_CONCURRENCY}. A reset returns to it.
   */
  maxConcurrency?: number | null;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  port: number;
  /** The default account (exists after start and after every reset). */
  accountSid: string;
  authToken: string;
  workspaceSid: string;
  /** The in-memory state, for in-process tests. */
  state: SandboxState;
  /** Sandbox defects seen so far (responses that broke Twilio's schema, crashes). */
  defects: string[];
  /** The REST concurrency limit's counters. */
  concurrency(): ConcurrencyStats;
  close(): Promise<void>;
}

/** Starts the local Twilio stand-in (Twilio paths + control API under /__sandbox). */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = new SandboxState();
  const validator = new OpenApiValidator();
  const callbacks = new CallbackSender(state);
  const recordings = new RecordingService(state, callbacks);
  const scenarios = new ScenarioBuilder(state);
  const faults = new FaultInjector();
  const startLimit = opts.maxConcurrency === undefined ? DEFAULT_MAX_CONCURRENCY : opts.maxConcurrency;
  const concurrency = new ConcurrencyLimit(startLimit);
  const inFlight = new RequestsInFlight();
  const defects: string[] = [];
  const onDefect = (message: string): void => {
    defects.push(message);
    console.error(`[sandbox] DEFECT ${message}`);
  };
  const signedMedia = new SignedMedia();
  // Delivers TaskRouter's events to the account's Event Streams sink as they are recorded.
  const eventStreams = new EventStreams(state);
  let publicUrl = '';
  const twilio = createTwilioApi({
    state,
    validator,
    recordings,
    faults,
    concurrency,
    inFlight,
    onDefect,
    signedMedia,
    publicUrl: () => publicUrl,
  });
  const control = createControlApi({
    state,
    scenarios,
    recordings,
    faults,
    concurrency,
    eventStreams,
    inFlight,
    reset: () => {
      state.reset();
      eventStreams.reset();
      faults.clear();
      // The limit is part of the Twilio being modelled, not a fault: a reset returns to the start value.
      concurrency.setLimit(startLimit);
      concurrency.resetStats();
    },
  });
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    // CORS for the browser e2e page, which reads the control API and media directly.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, If-Match',
      });
      res.end();
      return;
    }
    if (url.pathname.startsWith(SIGNED_MEDIA_PREFIX) && req.method === 'GET') {
      serveSignedMedia(state, signedMedia, url, res);
      return;
    }
    const route =
      url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`) ? control : twilio;
    route(req, res, url).catch((err: unknown) => {
      onDefect(`unhandled: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  publicUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: publicUrl,
    port,
    accountSid: DEFAULT_ACCOUNT.sid,
    authToken: DEFAULT_ACCOUNT.authToken,
    workspaceSid: DEFAULT_ACCOUNT.workspaceSid,
    state,
    defects,
    concurrency: () => concurrency.stats(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets (the twilio SDK's agent) would hold close() open: end them.
        for (const s of sockets) s.destroy();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Serves a short-lived media URL: no credentials, only a signature that has not expired. */
function serveSignedMedia(
  state: SandboxState,
  signedMedia: SignedMedia,
  url: URL,
  res: http.ServerResponse,
): void {
  const verdict = signedMedia.verify(url.pathname, url.searchParams, Date.now());
  if (!verdict.ok) {
    sendJson(res, 403, { error: `media URL ${verdict.reason}` });
    return;
  }
  const recording = state.recordings.get(verdict.grant.recordingSid);
  try {
    const answer = renderMedia(
      state,
      {
        accountSid: recording?.accountSid ?? '',
        recordingSid: verdict.grant.recordingSid,
        ext: '.wav',
        requestedChannels: verdict.grant.requestedChannels,
      },
      url.pathname,
    );
    const data = answer.raw?.data ?? Buffer.alloc(0);
    res.writeHead(200, { 'Content-Type': 'audio/x-wav', 'Content-Length': String(data.length) });
    res.end(data);
  } catch (err) {
    const status = err instanceof TwilioErrorResponse ? err.status : 500;
    sendJson(res, status, { error: err instanceof Error ? err.message : String(err) });
  }
}
