/**
 * A client parameter named `request`, sent by every vector a browser on another origin has: a JSON
 * body (preflighted, and Twilio's gateway answers every preflight with `*`), a form or `text/plain`
 * body (no preflight), and the query string. The runtime builds the event as
 * `{ request: { headers, cookies }, ...query, ...body }`, so a parameter of that name replaces the
 * headers the origin check reads. What must hold, through the gateway (the deployed header set, no
 * Host): anything not shaped like the runtime's request is refused naming `request`; a form body
 * cannot forge (it is parsed flat); a `text/plain` body is not parsed at all. A complete forgery in
 * JSON or in the query's nested keys cannot be told from the runtime's object: it gets past the
 * origin check, and the token, reservation and leg checks still decide, exactly as for `curl` with
 * the same token (README: what the origin check does and does not guarantee).
 */
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import type { ScenarioResult, WorkerResult } from '@dual-channel-recording/twilio-sandbox';
import { Baseline, WriteWatch, closeConnections, expectRefused, send } from './adversary';

const FLEX = 'https://flex.twilio.com';
const EVIL = 'https://evil.example';

let stack: Stack;
let watch: WriteWatch;
let baseline: Baseline;
let alice: WorkerResult;
let mallory: WorkerResult;
let call: ScenarioResult;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false });
  alice = await stack.sandbox.createWorker({ identity: 'alice' });
  mallory = await stack.sandbox.createWorker({ identity: 'mallory' });
  call = await stack.sandbox.inboundCall({ workerSid: alice.workerSid });
  watch = new WriteWatch(stack.sandbox);
  baseline = new Baseline(stack.sandbox);
}, 60_000);

beforeEach(async () => {
  await watch.mark();
  await baseline.take();
});

afterAll(async () => {
  closeConnections();
  await stack?.stop();
});

/** Alice's call's parameters, with `token`. */
function params(token: string): Record<string, string> {
  return {
    Token: token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid: call.customerCallSid!,
    channel: 'customer',
  };
}

const query = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

/** A request as a page on EVIL would send it. */
interface EvilRequest {
  path: string;
  type: string;
  body: string;
}

/** Sends `request` from EVIL and requires the refusal `expected`, with the sandbox untouched. */
async function refusedFromEvil(
  request: EvilRequest,
  expected: { status: number; code: string },
  token: string,
  believedOrigin?: string,
): Promise<void> {
  await expectRefused(
    stack.functionsUrl,
    baseline,
    watch,
    { path: request.path, headers: { 'Content-Type': request.type, Origin: EVIL }, body: request.body },
    {
      outcomes: [expected],
      badFields: expected.code === 'invalid_parameter' ? ['request'] : [],
      secrets: [token],
      // A forgery the Function believes is answered for the origin it was told; EVIL cannot read it.
      origin: believedOrigin,
      originAllowed: believedOrigin !== undefined,
    },
  );
}

/** The nested-key query a complete forgery needs: headers and cookies, both objects of strings. */
const FORGED_QUERY = 'request[headers][origin]=https://flex.twilio.com&request[cookies][session]=x';

describe('a parameter named `request` that is not the runtime’s is refused naming it, by every vector', () => {
  const malformed: Array<[string, (token: string) => EvilRequest]> = [
    [
      'JSON body, headers without cookies',
      (t) => ({
        path: '/create-recording',
        type: 'application/json',
        body: JSON.stringify({ ...params(t), request: { headers: { origin: FLEX } } }),
      }),
    ],
    [
      'JSON body, a header that is not a string',
      (t) => ({
        path: '/create-recording',
        type: 'application/json',
        body: JSON.stringify({ ...params(t), request: { headers: { origin: [FLEX, 7] }, cookies: {} } }),
      }),
    ],
    [
      'form body, request=…',
      (t) => ({
        path: '/create-recording',
        type: 'application/x-www-form-urlencoded',
        body: query({ ...params(t), request: FLEX }),
      }),
    ],
    [
      'query string, request=…, text/plain body',
      (t) => ({
        path: `/create-recording?${query({ ...params(t), request: FLEX })}`,
        type: 'text/plain',
        body: '',
      }),
    ],
    [
      'query string, nested headers without cookies, text/plain body',
      (t) => ({
        path: `/create-recording?${query(params(t))}&request[headers][origin]=${FLEX}`,
        type: 'text/plain',
        body: '',
      }),
    ],
  ];
  it.each(malformed)('%s: 400 invalid_parameter naming `request`, nothing done', async (_name, build) => {
    await refusedFromEvil(build(mallory.token), { status: 400, code: 'invalid_parameter' }, mallory.token);
  });
});

describe('vectors that cannot forge: the real Origin is read and refused', () => {
  it('a form body is parsed flat: request[headers][origin]=… is a field of its own, so a foreign origin is 403', async () => {
    await refusedFromEvil(
      {
        path: '/create-recording',
        type: 'application/x-www-form-urlencoded',
        body: `${query(params(alice.token))}&${FORGED_QUERY}`,
      },
      { status: 403, code: 'origin_not_allowed' },
      alice.token,
    );
  });

  it('a text/plain body is never parsed: a forgery in it changes nothing, so a foreign origin is 403', async () => {
    await refusedFromEvil(
      {
        path: `/create-recording?${query(params(alice.token))}`,
        type: 'text/plain',
        body: JSON.stringify({ request: { headers: { origin: FLEX }, cookies: {} } }),
      },
      { status: 403, code: 'origin_not_allowed' },
      alice.token,
    );
  });
});

describe('a complete forgery gets past the origin check, and authorization still decides', () => {
  const complete: Array<[string, (token: string) => EvilRequest]> = [
    [
      'JSON body',
      (t) => ({
        path: '/create-recording',
        type: 'application/json',
        body: JSON.stringify({ ...params(t), request: { headers: { origin: FLEX }, cookies: {} } }),
      }),
    ],
    [
      'nested query keys with a text/plain body (no preflight)',
      (t) => ({
        path: `/create-recording?${query(params(t))}&${FORGED_QUERY}`,
        type: 'text/plain',
        body: '',
      }),
    ],
  ];

  it.each(complete)(
    '%s with another worker’s token: 403 reservation_not_owned, nothing done',
    async (_name, build) => {
      await refusedFromEvil(
        build(mallory.token),
        { status: 403, code: 'reservation_not_owned' },
        mallory.token,
        FLEX,
      );
    },
  );

  it('nested query keys with the agent’s own token record the call, as curl with that token would', async () => {
    const { path, type, body } = complete[1][1](alice.token);
    const reply = await send(stack.functionsUrl, {
      path,
      headers: { 'Content-Type': type, Origin: EVIL },
      body,
    });
    expect(reply.status).toBe(201);
    expect(reply.headers['access-control-allow-origin']).toBe(FLEX);
  });
});
