/**
 * Adversarial inputs to POST /create-recording: the compiled Function under twilio-run against the
 * sandbox, driven by fast-check. Every generated request has at least one reason to be refused;
 * the oracle (adversary.ts) wants a documented 4xx JSON error naming a bad field, no stack trace,
 * no echoed token, and no change in the sandbox.
 *
 * twilio-run runs with `forkProcess: false`: forking costs about 0.3 s per request (a new Node
 * process loading twilio), which would allow a few dozen cases per minute; in-process serving
 * costs tens of milliseconds (twilio-run's default --live mode still reloads the Function's modules
 * per request). The Function code is the same in both modes; the per-process behaviour (concurrent
 * starts) is covered by tests/integration with forking.
 */
import fc from 'fast-check';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import type { ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import { HUGE_LENGTH, runs } from './arbitraries';
import { Baseline, WriteWatch, closeConnections, expectRefused, send, stateDigest } from './adversary';
import { type BrowserRouteSpec, browserCases, expectationFor, requestFor } from './browser-cases';

const LOCAL_PLUGIN = 'http://localhost:3001';

let stack: Stack;
let watch: WriteWatch;
let baseline: Baseline;
let spec: BrowserRouteSpec;
let alice: WorkerResult;
let call: ScenarioResult;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false, env: { ALLOWED_ORIGINS: LOCAL_PLUGIN } });
  const { sandbox } = stack;
  alice = await sandbox.createWorker({ identity: 'alice' });
  call = await sandbox.inboundCall({ workerSid: alice.workerSid });
  // A second task of alice's and another worker's task: real SIDs that belong elsewhere.
  const other = await sandbox.inboundCall({ workerSid: alice.workerSid });
  const mallory = await sandbox.createWorker({ identity: 'mallory' });
  const malloryCall = await sandbox.inboundCall({ workerSid: mallory.workerSid });
  const supervisor = await sandbox.issueToken(mallory.workerSid, 'valid', ['supervisor', 'agent']);
  const expired = await sandbox.issueToken(alice.workerSid, 'expired');
  const otherIssuer = await sandbox.issueToken(alice.workerSid, 'other-account');
  const account2 = await sandbox.createAccount({ friendlyName: 'elsewhere' });
  const eve = await sandbox.createWorker({ workspaceSid: account2.workspaceSid, identity: 'eve' });
  spec = {
    path: '/create-recording',
    allowedOrigins: ['https://flex.twilio.com', LOCAL_PLUGIN],
    tokens: {
      own: alice.token,
      otherWorkers: [mallory.token, supervisor.token],
      invalid: [expired.token, otherIssuer.token, eve.token],
    },
    fields: [
      {
        name: 'taskSid',
        kind: 'sid',
        prefix: 'WT',
        valid: call.taskSid,
        others: [other.taskSid, malloryCall.taskSid],
      },
      {
        name: 'reservationSid',
        kind: 'sid',
        prefix: 'WR',
        valid: call.reservationSid,
        others: [other.reservationSid, malloryCall.reservationSid],
      },
      {
        name: 'callSid',
        kind: 'sid',
        prefix: 'CA',
        valid: call.customerCallSid!,
        // The task's own agent leg is refused for channel=customer (leg_channel_mismatch).
        others: [call.workerCallSid!, other.customerCallSid!, malloryCall.customerCallSid!],
      },
      { name: 'channel', kind: 'enum', allowed: ['customer', 'worker'], valid: 'customer' },
    ],
  };
  watch = new WriteWatch(sandbox);
  baseline = new Baseline(sandbox);
}, 60_000);

beforeEach(async () => {
  await watch.mark();
  await baseline.take();
});

afterAll(async () => {
  closeConnections();
  await stack?.stop();
});

afterEach(async () => {
  // Nothing any case sent may have started a recording, even late.
  expect(await stack.sandbox.recordings()).toEqual([]);
});

async function check(vary: Parameters<typeof browserCases>[1], numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(browserCases(spec, vary), async (c) => {
      await expectRefused(
        stack.functionsUrl,
        baseline,
        watch,
        requestFor(spec, c).request,
        expectationFor(spec, c),
      );
    }),
    runs(numRuns),
  );
}

describe('POST /create-recording refuses adversarial input with a 4xx, no leak and no change', () => {
  it('malformed, missing, repeated, mistyped and foreign parameters (JSON and form, body or query, extra fields) are refused naming a bad field', async () => {
    await check({ fields: true, query: true, extras: true }, 90);
  }, 120_000);

  it('a value of about 1 MB in any parameter, the Token or an unknown field is 400 naming that field', async () => {
    const names = ['taskSid', 'reservationSid', 'callSid', 'channel', 'Token', 'padding'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.constantFrom<'json' | 'form'>('json', 'form'),
        async (name, encoding) => {
          const fields: Record<string, string> = {
            Token: alice.token,
            taskSid: call.taskSid,
            reservationSid: call.reservationSid,
            callSid: call.customerCallSid!,
            channel: 'customer',
          };
          // An unknown field is ignored, so there the request is made refusable by its token.
          if (name === 'padding') fields.Token = spec.tokens.invalid[0];
          fields[name] = `${fields[name] ?? ''}${'9'.repeat(HUGE_LENGTH)}`;
          const json = encoding === 'json';
          await expectRefused(
            stack.functionsUrl,
            baseline,
            watch,
            {
              path: '/create-recording',
              headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
              body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
            },
            {
              outcomes:
                name === 'padding'
                  ? [{ status: 403, code: 'invalid_token' }]
                  : [{ status: 400, code: 'invalid_parameter' }],
              badFields: [name],
              secrets: [alice.token, fields[name].slice(0, 64)],
              originAllowed: true,
            },
          );
        },
      ),
      runs(12),
    );
  }, 60_000);

  it('missing, garbage, forged, expired, other-account and non-string tokens are 403 invalid_token (400 Token when not one string); another worker’s token is refused too', async () => {
    await check({ token: true, fields: true }, 60);
  }, 120_000);

  it('foreign origins are 403 origin_not_allowed without CORS headers, and lying Content-Types never get past validation', async () => {
    await check({ origin: true, contentType: true, token: true, fields: true, extras: true }, 60);
  }, 120_000);
});

describe('POST /create-recording: what the local runtime refuses before the Function runs', () => {
  const bodies: [string, string, string][] = [
    ['truncated JSON', 'application/json', '{"taskSid": "WT'],
    ['a form body announced as JSON', 'application/json', 'taskSid=x&Token=y'],
    ['JSON in a charset the parser refuses', 'application/json; charset=utf-16', '{"taskSid": "x"}'],
    [
      'a body over the runtime’s 6 MB limit',
      'application/json',
      JSON.stringify({ pad: 'x'.repeat(6_500_000) }),
    ],
  ];
  it.each(bodies)(
    '%s is a 4xx and changes nothing (the runtime answers it, not the Function)',
    async (_name, type, body) => {
      const before = await stateDigest(stack.sandbox);
      const reply = await send(stack.functionsUrl, {
        path: '/create-recording',
        headers: { 'Content-Type': type, Origin: 'https://flex.twilio.com' },
        body,
      });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(await stateDigest(stack.sandbox)).toBe(before);
      expect(await watch.writesSince()).toEqual([]);
    },
    20_000,
  );
});

describe('POST /create-recording: requests that look like something else', () => {
  it('a POST carrying Access-Control-Request-Method is answered like a preflight (204, no body) and does nothing', async () => {
    const before = await stateDigest(stack.sandbox);
    const reply = await send(stack.functionsUrl, {
      path: '/create-recording',
      headers: {
        'Content-Type': 'application/json',
        Origin: 'https://flex.twilio.com',
        'Access-Control-Request-Method': 'POST',
      },
      body: JSON.stringify({
        Token: alice.token,
        taskSid: call.taskSid,
        reservationSid: call.reservationSid,
        callSid: call.customerCallSid,
        channel: 'customer',
      }),
    });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(await stateDigest(stack.sandbox)).toBe(before);
    expect(await watch.writesSince()).toEqual([]);
  }, 20_000);

  // twilio-run builds the event as { request: {headers}, ...query, ...body }, so a parameter named
  // `request` would replace the headers the Origin is read from and make the request look
  // Origin-less (server-to-server); a request object that is not the runtime's is refused with 400
  // naming `request`.
  it('a foreign Origin is refused even when the query or body carries a parameter named `request`', async () => {
    const carriers = fc.constantFrom(
      { query: '?request=1', body: {} },
      { query: '?request[headers][origin]=https://flex.twilio.com', body: {} },
      { query: '', body: { request: {} } },
      { query: '', body: { request: { headers: { origin: 'https://flex.twilio.com' } } } },
      { query: '', body: { request: 'x' } },
    );
    await fc.assert(
      fc.asyncProperty(carriers, fc.constantFrom('https://evil.example', 'null'), async (carrier, origin) => {
        // Another worker's token: were the origin check bypassed, the Function still refuses to
        // record (reservation_not_owned), so this test shows the bypass without starting anything.
        const fields = {
          Token: spec.tokens.otherWorkers[0],
          taskSid: call.taskSid,
          reservationSid: call.reservationSid,
          callSid: call.customerCallSid,
          channel: 'customer',
          ...carrier.body,
        };
        await expectRefused(
          stack.functionsUrl,
          baseline,
          watch,
          {
            path: `/create-recording${carrier.query}`,
            headers: { 'Content-Type': 'application/json', Origin: origin },
            body: JSON.stringify(fields),
          },
          {
            // The headers (and so the Origin) were replaced: the Function refuses the reserved name.
            outcomes: [{ status: 400, code: 'invalid_parameter' }],
            badFields: ['request'],
            secrets: [alice.token, ...spec.tokens.otherWorkers],
            origin,
            originAllowed: false,
          },
        );
      }),
      runs(10),
    );
  }, 60_000);
});
