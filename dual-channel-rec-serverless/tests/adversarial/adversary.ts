/**
 * The adversarial suites' HTTP client and oracle. Requests go out through `node:http` rather than
 * `fetch`, because an adversary needs what fetch normalises away: repeated headers, no or lying
 * Content-Type, raw bodies. The oracle is the issue's: a 4xx with a JSON `{status, code, message}`
 * (and `field` for parameter problems), no stack trace or file path, no echo of the token, and no
 * change in the sandbox (state digest equal; no POST/DELETE to Twilio's REST APIs).
 */
import http from 'node:http';
import { TWILIO_FUNCTION_LIMITS } from '@dual-channel-recording/local-stack/gateway-settings';
import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import { type Encoding, type FieldValue } from './arbitraries';

/** A request as the adversary builds it; header values that are lists are sent as repeated lines. */
export interface RawRequest {
  /** Path with query, e.g. `/create-recording?taskSid=…`. */
  path: string;
  headers: Record<string, string | string[]>;
  body: string;
}

/** What came back, unparsed. */
export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Sends a request to the Functions server at `baseUrl` (Content-Length set from the body). */
export function send(baseUrl: string, request: RawRequest): Promise<RawReply> {
  const url = new URL(baseUrl);
  const headers = { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: request.path, method: 'POST', headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Closes the keep-alive sockets (call in afterAll so jest exits cleanly). */
export function closeConnections(): void {
  agent.destroy();
}

/** Encodes fields as a body; in a form a list repeats its key, and absent fields are left out. */
export function encodeBody(fields: Record<string, FieldValue>, encoding: Encoding): string {
  if (encoding === 'json') {
    const object: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields)) {
      // defineProperty, so a field named __proto__ is sent rather than swallowed as the prototype.
      if (field.kind === 'value')
        Object.defineProperty(object, name, {
          value: field.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return JSON.stringify(object);
  }
  const form = new URLSearchParams();
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind === 'absent') continue;
    const values = Array.isArray(field.value) ? field.value : [field.value];
    for (const value of values) form.append(name, String(value));
  }
  return form.toString();
}

/** A reply's JSON error body. */
export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  field?: string;
}

/** What a case must be answered with; several outcomes may be acceptable. */
export interface Expectation {
  /** Acceptable (status, code) pairs; `code: '*'` accepts any documented code with that status. */
  outcomes: { status: number; code: string }[];
  /** For `invalid_parameter`: the fields it may name (one of the bad ones). */
  badFields: string[];
  /** Strings the answer must not contain (tokens, long malformed values). */
  secrets: string[];
  /** The request's Origin, to check the CORS answer (undefined: none sent). */
  origin?: string;
  /** Whether the origin is in ALLOWED_ORIGINS (a refused origin gets no CORS headers). */
  originAllowed: boolean;
  /** Webhook routes send no CORS headers at all. */
  webhook?: boolean;
}

/** Codes the README documents for 4xx answers. */
export const DOCUMENTED_4XX = [
  'invalid_parameter',
  'invalid_token',
  'origin_not_allowed',
  'reservation_not_found',
  'reservation_not_owned',
  'reservation_not_accepted',
  'task_not_found',
  'leg_not_in_task',
  'leg_channel_mismatch',
  'call_not_found',
  'call_not_in_progress',
  'forbidden',
  'no_recording',
  'invalid_signature',
];

// Frames like "    at fn (/path/file.js:1:2)", file paths, and "SomeError:" dumps.
const STACK_PATTERNS: RegExp[] = [
  /\bat\s+\S+\s+\(/,
  /\n\s+at\s/,
  /\(?\/?[\w.-]+\/[\w./-]+\.(?:js|ts|mjs|cjs):\d+/,
  /node_modules/,
  /\/work\//,
  /\bdist\/functions\b/,
  /\b[A-Z][A-Za-z]*Error:/,
  /<pre|<html/i,
];

/** Describes why a reply breaks the oracle, or undefined when it holds. */
export function refusalProblem(reply: RawReply, expect: Expectation): string | undefined {
  if (reply.status < 400 || reply.status > 499) return `status ${reply.status} is not 4xx`;
  for (const pattern of STACK_PATTERNS) {
    if (pattern.test(reply.text)) return `body looks like a stack trace or path (${pattern})`;
  }
  for (const secret of expect.secrets) {
    if (secret.length >= 8 && reply.text.includes(secret)) return `body echoes a secret or input value`;
  }
  if (!String(reply.headers['content-type'] ?? '').includes('application/json'))
    return `content-type ${String(reply.headers['content-type'])} is not JSON`;
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not a JSON object';
  const { status, code, message, field } = body as Record<string, unknown>;
  if (status !== reply.status) return `body.status ${String(status)} differs from HTTP ${reply.status}`;
  if (typeof code !== 'string' || !DOCUMENTED_4XX.includes(code))
    return `code ${String(code)} is not documented`;
  if (typeof message !== 'string' || message.trim() === '') return 'message is empty';
  if (code === 'invalid_parameter' && (typeof field !== 'string' || !expect.badFields.includes(field)))
    return `field ${String(field)} is not one of the bad fields [${expect.badFields.join(', ')}]`;
  const accepted = expect.outcomes.some(
    (o) => o.status === reply.status && (o.code === '*' || o.code === code),
  );
  if (!accepted)
    return `answered ${reply.status} ${code}, expected one of ${expect.outcomes.map((o) => `${o.status} ${o.code}`).join(' | ')}`;
  const allowOrigin = reply.headers['access-control-allow-origin'];
  if (allowOrigin === '*') return 'Access-Control-Allow-Origin is *';
  if (expect.webhook || !expect.originAllowed) {
    if (allowOrigin !== undefined)
      return `Access-Control-Allow-Origin ${String(allowOrigin)} on a refused origin`;
  } else if (expect.origin !== undefined && allowOrigin !== expect.origin) {
    return `Access-Control-Allow-Origin ${String(allowOrigin)} is not the request's origin`;
  }
  return undefined;
}

/** The part of the sandbox a refused request must leave alone: calls, recordings, tasks, reservations, conferences, callbacks. */
export async function stateDigest(sandbox: SandboxClient): Promise<string> {
  const s = await sandbox.state();
  return JSON.stringify({
    calls: s.calls,
    recordings: s.recordings,
    tasks: s.tasks.map(({ history, ...task }) => ({ ...task, writes: history.length })),
    reservations: s.reservations,
    conferences: s.conferences,
    callbacks: s.callbacks.length,
  });
}

/** Follows the sandbox's request log and reports Twilio writes (POST/DELETE on the REST APIs). */
export class WriteWatch {
  private lastSeq = 0;

  constructor(private readonly sandbox: SandboxClient) {}

  /** Skips everything logged so far. */
  async mark(): Promise<void> {
    const all = await this.sandbox.requests(this.lastSeq);
    for (const entry of all) this.lastSeq = Math.max(this.lastSeq, entry.seq);
  }

  /** Writes logged since the last call (token validation is a read-only POST to IAM, so it is left out). */
  async writesSince(): Promise<string[]> {
    const entries = await this.sandbox.requests(this.lastSeq);
    for (const entry of entries) this.lastSeq = Math.max(this.lastSeq, entry.seq);
    return entries
      .filter((entry) => entry.method !== 'GET' && entry.api !== 'iam')
      .map((entry) => `${entry.method} ${entry.api} ${entry.path} -> ${entry.status}`);
  }
}

/**
 * The state every refused case must leave as it found: a digest taken once and compared after each
 * case (one state read per case instead of two). A change is reported once and the baseline moved
 * on, so the next case is judged on its own.
 */
export class Baseline {
  private digest = '';

  constructor(private readonly sandbox: SandboxClient) {}

  /** Takes the digest the following cases are compared with. */
  async take(): Promise<void> {
    this.digest = await stateDigest(this.sandbox);
  }

  /** True when the state is still the baseline; otherwise moves the baseline to the new state. */
  async unchanged(): Promise<boolean> {
    const now = await stateDigest(this.sandbox);
    if (now === this.digest) return true;
    this.digest = now;
    return false;
  }
}

/**
 * Runs one adversarial case: send, oracle, state against the baseline, request log. Throws with
 * the request, the reply and the reasons when the oracle fails (fast-check then shrinks the case
 * and prints the seed and path to replay it).
 */
export async function expectRefused(
  baseUrl: string,
  baseline: Baseline,
  watch: WriteWatch,
  request: RawRequest,
  expect: Expectation,
): Promise<RawReply> {
  const reply = await send(baseUrl, request);
  const problems: string[] = [];
  // Over Twilio's request limit the gateway answers before any Function runs (tools/local-stack/src/gateway).
  const overLimit = Buffer.byteLength(request.body) > TWILIO_FUNCTION_LIMITS.maxRequestBodyBytes;
  const answerProblem = overLimit
    ? reply.status === 413
      ? undefined
      : `a body over ${TWILIO_FUNCTION_LIMITS.maxRequestBodyBytes} bytes answered ${reply.status}, not the gateway's 413`
    : refusalProblem(reply, expect);
  if (answerProblem) problems.push(answerProblem);
  if (!(await baseline.unchanged())) problems.push('the sandbox state changed');
  const writes = await watch.writesSince();
  if (writes.length > 0) problems.push(`Twilio writes: ${writes.join('; ')}`);
  if (problems.length > 0) {
    throw new Error(
      `${problems.join('\n')}\nrequest: ${describeRequest(request)}\nreply: ${reply.status} ${reply.text.slice(0, 600)}`,
    );
  }
  return reply;
}

/** A short, printable form of a request (huge values abbreviated). */
export function describeRequest(request: RawRequest): string {
  const shorten = (s: string): string => (s.length > 400 ? `${s.slice(0, 400)}…(${s.length} chars)` : s);
  return `POST ${shorten(request.path)} headers=${JSON.stringify(request.headers)} body=${shorten(request.body)}`;
}
