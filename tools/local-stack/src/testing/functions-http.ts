/**
 * Calling the Functions of a local stack as a test does: a POST or GET that answers the status, the
 * headers and the parsed JSON body, with twilio-run's logs when the answer is not JSON. Shared by the
 * Functions' integration tests and the recordings CLI's tests that drive the real Functions.
 */
import type { Stack } from '../stack';

/** Flex's origin, allowed by default. */
export const FLEX_ORIGIN = 'https://flex.twilio.com';

/** A Function's answer. */
export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Options for {@link postFunction}. */
export interface PostOptions {
  /** Origin header; null sends none (server-to-server). Default: Flex. */
  origin?: string | null;
  /** Form-encoded instead of JSON. */
  form?: boolean;
  /** Extra headers (e.g. X-Twilio-Signature). */
  headers?: Record<string, string>;
}

/** Encodes fields as a form body; a list value repeats its key. */
export function formBody(fields: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
  }
  return form.toString();
}

/** POSTs to `${functionsUrl}${pathAndQuery}` and parses the JSON answer. */
export async function postFunction(
  stack: Stack,
  pathAndQuery: string,
  fields: Record<string, unknown>,
  opts: PostOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  const origin = opts.origin === undefined ? FLEX_ORIGIN : opts.origin;
  if (origin) headers.Origin = origin;
  headers['Content-Type'] = opts.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const body = opts.form ? formBody(fields) : JSON.stringify(fields);
  const res = await fetch(`${stack.functionsUrl}${pathAndQuery}`, { method: 'POST', headers, body });
  const text = await res.text();
  try {
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new Error(`non-JSON ${res.status}: ${text}\n${stack.logs()}`);
  }
}

/** GETs `${functionsUrl}${pathAndQuery}` (as the Insights player calls a `url_provider`) and parses the JSON answer. */
export async function getFunction(
  stack: Stack,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${stack.functionsUrl}${pathAndQuery}`, {
    headers: { Origin: FLEX_ORIGIN, ...headers },
  });
  const text = await res.text();
  try {
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new Error(`non-JSON ${res.status}: ${text}\n${stack.logs()}`);
  }
}
