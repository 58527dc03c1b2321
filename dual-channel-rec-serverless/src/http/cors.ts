const ALLOWED_METHODS = 'POST, OPTIONS';
// The plugin sends JSON or form bodies; nothing else is needed, so nothing else is allowed.
const ALLOWED_HEADERS = 'Content-Type';
const PREFLIGHT_MAX_AGE_SECONDS = '600';
// A cross-origin page reads only CORS-safelisted response headers unless told; the plugin needs the
// wait a 503 asks for.
const EXPOSED_HEADERS = 'Retry-After';

/** The CORS decision for one request: whether its origin may call, and the headers to answer with. */
export interface CorsDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

/**
 * Decides the CORS answer for a request. A browser origin outside the list gets no CORS headers (and
 * the route refuses to act); a request without Origin (server-to-server, or a local runtime that does
 * not pass headers) is answered for the first allowed origin, which no other site can read.
 */
export function corsFor(origin: string | undefined, allowedOrigins: string[]): CorsDecision {
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { allowed: false, headers: { Vary: 'Origin' } };
  }
  return {
    allowed: true,
    headers: {
      'Access-Control-Allow-Origin': origin ?? allowedOrigins[0],
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
      // The answer depends on Origin, so caches must not hand one origin's answer to another.
      Vary: 'Origin',
    },
  };
}
