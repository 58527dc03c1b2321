import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayCounters } from './counters';
import type { GatewayFaultQueue } from './faults';
import { parseGatewayFault } from './faults';
import type { GatewaySettings } from './settings';

/** Path prefix of the gateway's control API; no Function route starts with it. */
export const CONTROL_PREFIX = '/__gateway';

/** What `GET /__gateway/stats` answers. */
export interface GatewayStatsView {
  readonly settings: GatewaySettings;
  readonly counters: GatewayCounters;
}

/** What the control API reads and does. */
export interface ControlDeps {
  readonly settings: GatewaySettings;
  stats(): GatewayCounters;
  reset(): void;
  readonly faults: GatewayFaultQueue;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The control API: `GET /__gateway/stats` (settings and counters), `POST /__gateway/stats/reset`,
 * `GET|POST|DELETE /__gateway/faults` (faults for the next invocations: `refuseNext`, `cutNext` +
 * `cutAfterMs`, optionally for one `route`). Like the sandbox's `/__sandbox`, it exists only locally; it is never limited or counted.
 */
export function handleControl(req: IncomingMessage, res: ServerResponse, deps: ControlDeps): void {
  const path = (req.url ?? '').slice(CONTROL_PREFIX.length).split('?')[0];
  if (req.method === 'POST' && path === '/faults') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return sendJson(res, 400, { message: 'the body must be JSON' });
      }
      const parsed = parseGatewayFault(body);
      if (!parsed.ok) return sendJson(res, 400, { message: parsed.problem });
      deps.faults.inject(parsed.fault);
      sendJson(res, 200, deps.faults.pending());
    });
    return;
  }
  req.resume();
  if (req.method === 'GET' && path === '/stats') {
    const view: GatewayStatsView = { settings: deps.settings, counters: deps.stats() };
    return sendJson(res, 200, view);
  }
  if (req.method === 'POST' && path === '/stats/reset') {
    deps.reset();
    return sendJson(res, 200, { counters: deps.stats() });
  }
  if (req.method === 'GET' && path === '/faults') return sendJson(res, 200, deps.faults.pending());
  if (req.method === 'DELETE' && path === '/faults') {
    deps.faults.clear();
    return sendJson(res, 200, deps.faults.pending());
  }
  sendJson(res, 404, { message: `no control route ${req.method ?? ''} ${CONTROL_PREFIX}${path}` });
}
