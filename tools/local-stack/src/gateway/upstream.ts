import net from 'node:net';
import type { RawHeaders } from './header-limits';

/** Where the Functions' dev server (twilio-run) listens. */
export interface UpstreamTarget {
  readonly host: string;
  readonly port: number;
}

/** One request to hand to the Functions. */
export interface UpstreamRequest {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly target: string;
  readonly headers: RawHeaders;
  readonly body: Buffer;
}

/** The Functions' answer. */
export interface UpstreamResponse {
  readonly status: number;
  readonly statusText: string;
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

/** How a hand-off ended. */
export type UpstreamOutcome =
  | { readonly kind: 'response'; readonly response: UpstreamResponse }
  | { readonly kind: 'response-too-large' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'failed'; readonly error: Error };

/** Limits of one hand-off. */
export interface UpstreamLimits {
  readonly timeoutMs: number;
  readonly maxResponseBodyBytes: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
// A response whose header section never ends is broken; stop reading it long before memory matters.
const MAX_RESPONSE_HEADER_BYTES = 1024 * 1024;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/;

function serialise(request: UpstreamRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.0`];
  for (let i = 0; i + 1 < request.headers.length; i += 2)
    lines.push(`${request.headers[i]}: ${request.headers[i + 1]}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body]);
}

interface ParsedHead {
  status: number;
  statusText: string;
  rawHeaders: string[];
  contentLength: number | undefined;
}

function parseHead(head: string): ParsedHead | Error {
  const [statusLine, ...lines] = head.split('\r\n');
  const match = STATUS_LINE.exec(statusLine ?? '');
  if (!match) return new Error(`malformed status line from the Functions: ${JSON.stringify(statusLine)}`);
  const rawHeaders: string[] = [];
  let contentLength: number | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return new Error(`malformed header line from the Functions: ${JSON.stringify(line)}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    rawHeaders.push(name, value);
    if (name.toLowerCase() === 'content-length') contentLength = Number(value);
  }
  return { status: Number(match[1]), statusText: match[2] ?? '', rawHeaders, contentLength };
}

/**
 * Sends one request to the Functions' dev server over HTTP/1.0 on a fresh connection. HTTP/1.0 is
 * what lets the request go without `Host`, as a deployed Function receives it: Node's HTTP client
 * always writes an HTTP/1.1 request line, and Node's server answers 400 to HTTP/1.1 without Host,
 * but accepts HTTP/1.0 without it. The server closes the connection after its answer, so the body
 * ends at Content-Length or at the close.
 */
export function sendHttp10(
  target: UpstreamTarget,
  request: UpstreamRequest,
  limits: UpstreamLimits,
): Promise<UpstreamOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect(target.port, target.host);
    let settled = false;
    let buffered = Buffer.alloc(0);
    let head: ParsedHead | undefined;
    const finish = (outcome: UpstreamOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), limits.timeoutMs);
    const respond = (body: Buffer): void => {
      if (!head) return;
      finish({
        kind: 'response',
        response: { status: head.status, statusText: head.statusText, rawHeaders: head.rawHeaders, body },
      });
    };
    const checkBody = (): void => {
      if (!head) return;
      if (buffered.length > limits.maxResponseBodyBytes) return finish({ kind: 'response-too-large' });
      if (head.contentLength !== undefined && buffered.length >= head.contentLength)
        respond(buffered.subarray(0, head.contentLength));
    };
    socket.on('connect', () => socket.write(serialise(request)));
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (!head) {
        const end = buffered.indexOf(HEADER_END);
        if (end < 0) {
          if (buffered.length > MAX_RESPONSE_HEADER_BYTES)
            finish({ kind: 'failed', error: new Error('the Functions sent an endless header section') });
          return;
        }
        const parsed = parseHead(buffered.subarray(0, end).toString('latin1'));
        if (parsed instanceof Error) return finish({ kind: 'failed', error: parsed });
        buffered = buffered.subarray(end + HEADER_END.length);
        // An interim answer (100 Continue) is followed by the real one.
        if (parsed.status >= 100 && parsed.status < 200) continue;
        head = parsed;
      }
      checkBody();
    });
    socket.on('end', () => {
      if (!head)
        return finish({ kind: 'failed', error: new Error('the Functions closed without answering') });
      if (head.contentLength !== undefined && buffered.length < head.contentLength)
        return finish({ kind: 'failed', error: new Error('the Functions closed mid-body') });
      respond(buffered);
    });
    socket.on('error', (error) => finish({ kind: 'failed', error }));
  });
}
