import type { ServerResponse } from 'node:http';

/** An answer the gateway gives itself, without running a Function. */
export interface GatewayAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The preflight answer. Twilio documents `Access-Control-Allow-Origin: *` and
 * `Access-Control-Allow-Headers: *` and that the Function never sees the OPTIONS request; the rest
 * (204, methods, `ETag` exposed, a day's max-age) is what `@twilio/runtime-handler`'s dev server
 * answers, since Twilio documents nothing more.
 */
export function preflightAnswer(): GatewayAnswer {
  return {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Expose-Headers': 'ETag',
      'Access-Control-Max-Age': '86400',
      'Content-Type': 'text/plain; charset=UTF-8',
    },
    body: '',
  };
}

/** Why the gateway refused or cut a request. */
export type GatewayRefusal =
  | 'request-headers-too-large'
  | 'response-headers-too-large'
  | 'request-body-too-large'
  | 'response-body-too-large'
  | 'too-many-invocations'
  | 'timed-out'
  | 'method-not-allowed'
  | 'functions-unreachable';

// Status and text per refusal. Documented by Twilio: 431 with these two texts (and error 82008 in the
// debugger), 429 beyond the concurrency limit, 504 at the time limit with "runtime application timed
// out" (Functions FAQ). Our guesses, as Twilio documents no answer for them: 413 for a large request
// body, 502 for a large response, 405 for a method other than GET, POST and OPTIONS, and the texts of
// those and of 429.
const REFUSALS: Readonly<Record<GatewayRefusal, { status: number; text: string }>> = {
  'request-headers-too-large': { status: 431, text: 'Request headers or cookies too long' },
  'response-headers-too-large': { status: 431, text: 'Response headers or cookies too long' },
  'request-body-too-large': { status: 413, text: 'Request body too large' },
  'response-body-too-large': { status: 502, text: 'Response body too large' },
  'too-many-invocations': { status: 429, text: 'Too many concurrent requests' },
  'timed-out': { status: 504, text: 'runtime application timed out' },
  'method-not-allowed': { status: 405, text: 'Method not allowed' },
  'functions-unreachable': { status: 502, text: 'The Functions did not answer' },
};

/** The gateway's answer to a refusal; `cors` adds `Access-Control-Allow-Origin: *`. */
export function refusalAnswer(refusal: GatewayRefusal, cors: boolean): GatewayAnswer {
  const { status, text } = REFUSALS[refusal];
  const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=UTF-8' };
  if (cors) headers['Access-Control-Allow-Origin'] = '*';
  if (refusal === 'method-not-allowed') headers.Allow = 'GET, POST, OPTIONS';
  return { status, headers, body: text };
}

/** Writes an answer and ends the response. */
export function sendAnswer(res: ServerResponse, answer: GatewayAnswer): void {
  const body = Buffer.from(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(body.length) });
  res.end(body);
}
