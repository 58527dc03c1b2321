import http from 'node:http';

/**
 * A `fetch` for the simulated browsers of a burst: the plugin's client gets the same `Response`
 * (status, status text, headers, body), but the request goes through node's http client over one
 * keep-alive pool instead of undici's fetch, which costs several times the CPU per request (web
 * streams, abort signals, two Response objects with the timing copy in fire.ts). Deployed, each agent's
 * browser is its own machine; here the 300 clients share the 2 cores with twilio-run and the sandbox,
 * so what they burn is taken from the Functions being measured. Only what the plugin's client sends
 * is supported: a string or URL and a string body over plain http.
 */
export function createLightFetch(): { fetch: typeof fetch; close: () => void } {
  const agent = new http.Agent({ keepAlive: true });
  const lightFetch: typeof fetch = (input, init) =>
    new Promise<Response>((resolve, reject) => {
      if (typeof input !== 'string' && !(input instanceof URL))
        return reject(new TypeError('lightFetch takes a URL, not a Request'));
      const body = init?.body ?? undefined;
      if (body !== undefined && body !== null && typeof body !== 'string')
        return reject(new TypeError('lightFetch sends string bodies only'));
      const url = new URL(input);
      if (url.protocol !== 'http:')
        return reject(new TypeError(`lightFetch speaks http only, not ${url.protocol}`));
      const headers = new Headers(init?.headers);
      if (typeof body === 'string') headers.set('content-length', String(Buffer.byteLength(body)));
      const request = http.request(
        url,
        { method: init?.method ?? 'GET', headers: Object.fromEntries(headers), agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const data = Buffer.concat(chunks);
            const status = response.statusCode ?? 0;
            const answerHeaders = new Headers();
            for (let i = 0; i + 1 < response.rawHeaders.length; i += 2)
              answerHeaders.append(response.rawHeaders[i], response.rawHeaders[i + 1]);
            // A null-body status (204, 304) cannot carry a body, even an empty one.
            const nullBody = status === 204 || status === 304 || data.length === 0;
            resolve(
              new Response(nullBody ? null : data, {
                status,
                statusText: response.statusMessage ?? '',
                headers: answerHeaders,
              }),
            );
          });
        },
      );
      // Like a browser's fetch: a connection that fails is a TypeError.
      request.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
      request.end(body ?? undefined);
    });
  // Ends the pool's kept connections once the burst is over.
  return { fetch: lightFetch, close: () => agent.destroy() };
}
