import net from 'node:net';
import { GatewayClient } from './client';
import type { ProbeStack } from './fixtures/probe-stack';
import { startProbeStack } from './fixtures/probe-stack';
import { FUNCTIONS_NODE_MAJOR } from './functions-runtime';
import { deployedRestrictedHeaders, isInHeaderSet } from './restricted-headers';
import type { RunningGateway } from './server';
import { TWILIO_FUNCTION_LIMITS } from './settings';
import type { TwilioRunProcess } from './twilio-run';

// The probe Function (fixtures/probe.ts) under twilio-run on Node 22, behind the gateway.

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends exactly these bytes (HTTP/1.1, `Connection: close`) and reads the final answer. */
function rawRequest(port: number, head: string[], body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(`${head.join('\r\n')}\r\n\r\n${body}`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      let text = Buffer.concat(chunks).toString('latin1');
      // Skip an interim 100 Continue.
      while (/^HTTP\/1\.1 1\d\d/.test(text)) text = text.slice(text.indexOf('\r\n\r\n') + 4);
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) });
    });
  });
}

/** What runtime-handler's `constructHeaders` makes of header fields: lowercased, repeats as arrays. */
function asFunctionSees(fields: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const key = name.toLowerCase();
    const seen = out[key];
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

interface ProbeAnswer {
  headers: Record<string, string | string[]>;
  cookies: Record<string, string>;
  eventKeys: string[];
  node: string;
}

let stack: ProbeStack;
let functions: TwilioRunProcess;
let gateway: RunningGateway;
let control: GatewayClient;

beforeAll(async () => {
  stack = await startProbeStack();
  ({ functions, gateway } = stack);
  control = new GatewayClient(gateway.url);
}, 40_000);

afterAll(async () => {
  await stack?.stop();
});

beforeEach(async () => {
  await control.resetStats();
});

describe('the local Functions gateway', () => {
  it('runs the Functions on Node 22, the runtime the deploy names', async () => {
    const res = await fetch(`${gateway.url}/probe`);
    const probe = (await res.json()) as ProbeAnswer;
    expect(Number(/^v(\d+)/.exec(probe.node)?.[1])).toBe(FUNCTIONS_NODE_MAJOR);
  });

  it("hands the Function exactly the deployed header set: the client's headers minus Twilio's and runtime-handler's restricted ones, Host included", async () => {
    const restricted = deployedRestrictedHeaders();
    const body = 'a=1';
    const sent: Array<[string, string]> = [
      ['Host', 'dual-channel-recording-1234.twil.io'],
      ['Connection', 'close'],
      ['Proxy-Connection', 'keep-alive'],
      ['Expect', '100-continue'],
      ['Proxy-Authorization', 'Basic eDp5'],
      ['Proxy-Authenticate', 'Basic'],
      ['Referer', 'https://flex.twilio.com/agent-desktop'],
      ['Trailer', 'X-Checksum'],
      ['Upgrade', 'h2c'],
      ['Via', '1.1 proxy'],
      ['X-Accel-Buffering', 'no'],
      ['X-Forwarded-For', '203.0.113.9'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Host', 'evil.example'],
      ['X-Real-IP', '203.0.113.9'],
      ['I-Twilio-Trace', 'internal'],
      ['X-Amzn-Trace-Id', 'Root=1-abc'],
      ['OT-Baggage', 'x'],
      ['Origin', 'https://flex.twilio.com'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['Content-Length', String(body.length)],
      ['X-Twilio-Signature', 'c2lnbmF0dXJl'],
      ['Accept', 'application/json'],
      ['Accept', 'text/plain'],
      ['Cookie', 'a=1; b=2'],
    ];
    const answer = await rawRequest(
      gateway.port,
      ['POST /probe?x=1 HTTP/1.1', ...sent.map(([n, v]) => `${n}: ${v}`)],
      body,
    );
    expect(answer.status).toBe(200);
    const probe = JSON.parse(answer.body) as ProbeAnswer;
    const expected = asFunctionSees(sent.filter(([name]) => !isInHeaderSet(restricted, name)));
    expect(probe.headers).toEqual(expected);
    expect(Object.keys(probe.headers)).not.toContain('host');
    expect(probe.cookies).toEqual({ a: '1', b: '2' });
  });

  it('is what removes Host: twilio-run alone hands it to the Function', async () => {
    const probe = (await (await fetch(`${functions.url}/probe`)).json()) as ProbeAnswer;
    expect(probe.headers.host).toBe(`127.0.0.1:${functions.port}`);
  });

  it('delivers a chunked request body whole', async () => {
    const answer = await rawRequest(
      gateway.port,
      [
        'POST /probe HTTP/1.1',
        'Host: x',
        'Connection: close',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
      ],
      '8\r\n{"sleepM\r\n9\r\ns":"1"}  \r\n0\r\n\r\n',
    );
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as ProbeAnswer).eventKeys).toEqual(['request', 'sleepMs']);
  });

  it("answers a preflight itself with Twilio's wildcard CORS, and the Function never runs", async () => {
    const res = await fetch(`${gateway.url}/probe`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-anything',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('*');
    const { counters } = await control.stats();
    expect(counters).toMatchObject({ preflights: 1, admitted: 0 });
  });

  it('answers 431 to 91 headers and cookies, and lets 90 through', async () => {
    // 3 fixed fields + 1 Cookie field carrying `cookies` cookies + the X- fields.
    const head = (extra: number, cookies: number): string[] => [
      'GET /probe HTTP/1.1',
      'Host: x',
      'Connection: close',
      `Cookie: ${Array.from({ length: cookies }, (_, i) => `c${i}=v`).join('; ')}`,
      ...Array.from({ length: extra }, (_, i) => `X-Extra-${i}: v`),
    ];
    expect((await rawRequest(gateway.port, head(78, 10))).status).toBe(200); // 2 + 10 + 78 = 90
    const tooMany = await rawRequest(gateway.port, head(79, 10)); // 91
    expect(tooMany.status).toBe(431);
    expect(tooMany.body).toBe('Request headers or cookies too long');
    expect((await rawRequest(gateway.port, head(0, 89))).status).toBe(431); // cookies count one by one
    expect((await control.stats()).counters).toMatchObject({ rejectedHeaders: 2, admitted: 1 });
  });

  it('answers 431 to headers over 15 KB', async () => {
    const fixed = ['GET /probe HTTP/1.1', 'Host: x', 'Connection: close'];
    const fixedBytes = 'Host: x\r\n'.length + 'Connection: close\r\n'.length;
    // `X-Big: <value>\r\n` brings the section to exactly the limit, then one byte over.
    const value = (total: number): string => 'v'.repeat(total - fixedBytes - 'X-Big: \r\n'.length);
    const limit = TWILIO_FUNCTION_LIMITS.maxHeaderBytes;
    expect((await rawRequest(gateway.port, [...fixed, `X-Big: ${value(limit)}`])).status).toBe(200);
    const over = await rawRequest(gateway.port, [...fixed, `X-Big: ${value(limit + 1)}`]);
    expect(over.status).toBe(431);
    expect(over.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers 413 to a request body over 1 MB, and lets 1 MB through', async () => {
    const limit = TWILIO_FUNCTION_LIMITS.maxRequestBodyBytes;
    const post = (size: number): Promise<Response> =>
      fetch(`${gateway.url}/probe`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'x'.repeat(size),
      });
    expect((await post(limit)).status).toBe(200);
    const over = await post(limit + 1);
    expect(over.status).toBe(413);
    expect((await control.stats()).counters).toMatchObject({ rejectedBody: 1, admitted: 1 });
  });

  it('answers 502 instead of a response body over 4 MB, and passes 4 MB', async () => {
    const limit = TWILIO_FUNCTION_LIMITS.maxResponseBodyBytes;
    const exact = await fetch(`${gateway.url}/probe?responseBytes=${limit}`);
    expect(exact.status).toBe(200);
    expect((await exact.arrayBuffer()).byteLength).toBe(limit);
    const over = await fetch(`${gateway.url}/probe?responseBytes=${limit + 1}`);
    expect(over.status).toBe(502);
    expect(await over.text()).toBe('Response body too large');
  });

  it('answers 431 instead of a response with more than 90 headers', async () => {
    const res = await fetch(`${gateway.url}/probe?responseHeaders=90`);
    expect(res.status).toBe(431);
    expect(await res.text()).toBe('Response headers or cookies too long');
    expect((await fetch(`${gateway.url}/probe?responseHeaders=40`)).status).toBe(200);
  });

  it('refuses methods Twilio does not serve (PUT, DELETE) without running the Function', async () => {
    const res = await fetch(`${gateway.url}/probe`, { method: 'PUT', body: 'x' });
    expect(res.status).toBe(405);
    expect((await control.stats()).counters.admitted).toBe(0);
  });

  it('admits 30 invocations at once and answers the 31st 429 before any Function runs', async () => {
    const max = TWILIO_FUNCTION_LIMITS.maxConcurrency;
    // Each holds its slot for 8 s: ample time to see all 30 in flight, under the 10 s cut.
    const held = Array.from({ length: max }, () => fetch(`${gateway.url}/probe?sleepMs=8000`));
    const deadline = Date.now() + 7000;
    while ((await control.stats()).counters.inFlight < max) {
      if (Date.now() > deadline) throw new Error('30 invocations were never in flight together');
      await new Promise((r) => setTimeout(r, 20));
    }
    const extra = await fetch(`${gateway.url}/probe`);
    expect(extra.status).toBe(429);
    expect(await extra.text()).toBe('Too many concurrent requests');
    const statuses = await Promise.all(held.map(async (p) => (await p).status));
    expect(statuses).toEqual(Array.from({ length: max }, () => 200));
    expect((await control.stats()).counters).toMatchObject({
      admitted: max,
      completed: max,
      rejectedBusy: 1,
      peakInFlight: max,
      inFlight: 0,
    });
  }, 30_000);

  it('refuses the next invocations 429 when told to (fault matrix), with free slots, and runs the one after', async () => {
    expect(await control.injectFaults({ refuseNext: 2 })).toMatchObject({ refuseNext: 2 });
    const first = await fetch(`${gateway.url}/probe`);
    const second = await fetch(`${gateway.url}/probe`);
    const third = await fetch(`${gateway.url}/probe`);
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(await first.text()).toBe('Too many concurrent requests');
    expect((await control.stats()).counters).toMatchObject({ rejectedBusy: 2, admitted: 1 });
  });

  it('cuts the next invocation early with the 504 of the time limit when told to, and only that one', async () => {
    await control.injectFaults({ cutNext: 1, cutAfterMs: 300 });
    const started = Date.now();
    const cut = await fetch(`${gateway.url}/probe?sleepMs=1500`);
    expect(cut.status).toBe(504);
    expect(await cut.text()).toBe('runtime application timed out');
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await fetch(`${gateway.url}/probe?sleepMs=500`)).status).toBe(200);
    expect((await control.stats()).counters).toMatchObject({ timedOut: 1, completed: 1 });
    expect(await control.clearFaults()).toEqual({ refuseNext: 0, cutNext: 0, cutAfterMs: null, route: null });
  });

  it('leaves other routes alone when the fault names one (the sink’s deliveries arrive at any time)', async () => {
    await control.injectFaults({ refuseNext: 1, cutNext: 1, cutAfterMs: 300, route: '/create-recording' });
    expect((await fetch(`${gateway.url}/probe?sleepMs=500`)).status).toBe(200);
    expect((await control.stats()).counters).toMatchObject({ rejectedBusy: 0, timedOut: 0, completed: 1 });
    expect(await control.clearFaults()).toEqual({ refuseNext: 0, cutNext: 0, cutAfterMs: null, route: null });
  });

  it('refuses a malformed fault, naming the field', async () => {
    await expect(control.injectFaults({ route: 'create-recording' })).rejects.toThrow(/route/);
    await expect(control.injectFaults({ cutNext: 1 })).rejects.toThrow(/cutAfterMs/);
    await expect(control.injectFaults({ refuseNext: -1 })).rejects.toThrow(/refuseNext/);
  });

  it('cuts an invocation at 10 s and answers 504', async () => {
    const started = Date.now();
    const res = await fetch(`${gateway.url}/probe?sleepMs=12000`);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(504);
    expect(await res.text()).toBe('runtime application timed out');
    expect(elapsed).toBeGreaterThanOrEqual(TWILIO_FUNCTION_LIMITS.timeoutMs);
    expect(elapsed).toBeLessThan(12_000);
    expect((await control.stats()).counters).toMatchObject({ timedOut: 1, inFlight: 0 });
  }, 30_000);
});
