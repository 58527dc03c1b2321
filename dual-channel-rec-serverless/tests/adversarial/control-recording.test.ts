/**
 * Adversarial inputs to POST /pause-recording and POST /resume-recording: the built Functions
 * under twilio-run (no fork: tens of milliseconds per request instead of about 0.3 s, see
 * create-recording.test.ts) against the sandbox. The fixture records a call through
 * create-recording first, as the plugin does, so there is a real claim to attack. Every generated
 * request has a reason to be refused (no supervisor tokens: PAUSE_ROLES may act on any task), and
 * the oracle wants a documented 4xx, no leak, and the recording and task exactly as they were.
 */
import fc from 'fast-check';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { recordInboundCall } from '../helpers/functions-http';
import { runs } from './arbitraries';
import { Baseline, WriteWatch, closeConnections, expectRefused } from './adversary';
import { type BrowserRouteSpec, browserCases, expectationFor, requestFor } from './browser-cases';

let stack: Stack;
let watch: WriteWatch;
let baseline: Baseline;
let fields: BrowserRouteSpec['fields'];
let tokens: BrowserRouteSpec['tokens'];

beforeAll(async () => {
  stack = await startStack({ forkProcess: false });
  const { sandbox } = stack;
  const { worker: alice, call } = await recordInboundCall(stack);
  const other = await sandbox.inboundCall({ workerSid: alice.workerSid });
  const mallory = await sandbox.createWorker({ identity: 'mallory' });
  const malloryCall = await sandbox.inboundCall({ workerSid: mallory.workerSid });
  const expired = await sandbox.issueToken(alice.workerSid, 'expired');
  const otherIssuer = await sandbox.issueToken(alice.workerSid, 'other-account');
  const account2 = await sandbox.createAccount({ friendlyName: 'elsewhere' });
  const eve = await sandbox.createWorker({ workspaceSid: account2.workspaceSid, identity: 'eve' });
  tokens = {
    own: alice.token,
    otherWorkers: [mallory.token],
    invalid: [expired.token, otherIssuer.token, eve.token],
  };
  fields = [
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
      // Optional for PAUSE_ROLES; an agent who leaves it out is forbidden.
      optional: true,
    },
    {
      name: 'callSid',
      kind: 'sid',
      prefix: 'CA',
      valid: call.customerCallSid!,
      // The agent's own leg has no claim (no_recording); the others belong to other tasks.
      others: [call.workerCallSid!, other.customerCallSid!, malloryCall.customerCallSid!],
    },
  ];
  watch = new WriteWatch(sandbox);
  baseline = new Baseline(sandbox);
}, 60_000);

afterAll(async () => {
  closeConnections();
  await stack?.stop();
});

beforeEach(async () => {
  await watch.mark();
  await baseline.take();
});

describe.each(['pause', 'resume'] as const)(
  'POST /%s-recording refuses adversarial input with a 4xx, no leak and no change',
  (action) => {
    const specFor = (): BrowserRouteSpec => ({
      path: `/${action}-recording`,
      fields,
      tokens,
      allowedOrigins: ['https://flex.twilio.com'],
    });

    async function check(vary: Parameters<typeof browserCases>[1], numRuns: number): Promise<void> {
      const spec = specFor();
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

    it('malformed, missing, repeated, mistyped and foreign parameters (JSON and form, body or query, extra fields) are refused naming a bad field', async () => {
      await check({ fields: true, query: true, extras: true }, 40);
    }, 120_000);

    it('bad tokens are 403 invalid_token (400 Token when not one string), another agent is 403 forbidden, foreign origins 403 origin_not_allowed, whatever the Content-Type', async () => {
      await check({ token: true, fields: true, origin: true, contentType: true }, 40);
    }, 120_000);
  },
);
