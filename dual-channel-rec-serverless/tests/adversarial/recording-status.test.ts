/**
 * Adversarial callbacks to POST /recording-status, Twilio's recording status webhook: the compiled
 * Function under twilio-run (no fork: tens of milliseconds per request instead of about 0.3 s, see
 * create-recording.test.ts) against the sandbox. The fixture records a call through
 * create-recording and builds the `completed` callback Twilio would send next, correctly signed.
 * The adversary forges, drops, repeats or replays the signature and mutates the URL and the
 * parameters; nothing it sends is authentic, so every case is 403 invalid_signature and the task's
 * recording entry stays as it was. A second property signs malformed parameters correctly (as a
 * holder of the auth token could) and wants 400 naming the field, again with no change.
 */
import fc from 'fast-check';
import twilio from 'twilio';
import { startStack, type Stack } from '@dual-channel-recording/local-stack';
import { recordInboundCall } from '../helpers/functions-http';
import { twilioSignature, type WebhookParams } from '@dual-channel-recording/twilio-sandbox/signer';
import {
  extraFields,
  forgedSignature,
  malformedSid,
  otherAuthToken,
  runs,
  unknownSid,
  isWellFormedSid,
} from './arbitraries';
import { Baseline, WriteWatch, closeConnections, expectRefused, send, type Expectation } from './adversary';

let stack: Stack;
let watch: WriteWatch;
let baseline: Baseline;
/** The callback's query as create-recording registered it. */
let query: { taskSid: string; reservationSid: string };
/** Twilio's `completed` callback parameters for the fixture's recording. */
let completed: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({ forkProcess: false });
  const { sandbox } = stack;
  const { call, recordingSid } = await recordInboundCall(stack);
  query = { taskSid: call.taskSid, reservationSid: call.reservationSid };
  // Twilio's completed callback for this recording, as the sandbox would send it at hang-up.
  completed = {
    AccountSid: stack.accountSid,
    CallSid: String(call.customerCallSid),
    RecordingSid: recordingSid,
    RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${stack.accountSid}/Recordings/${recordingSid}`,
    RecordingStatus: 'completed',
    RecordingDuration: '7',
    RecordingChannels: '2',
    RecordingStartTime: new Date().toUTCString().replace('GMT', '+0000'),
    RecordingSource: 'StartCallRecordingAPI',
    RecordingTrack: 'both',
  };
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

/** The path with the callback query, in the order given. */
function pathWith(entries: [string, string][]): string {
  const search = new URLSearchParams(entries).toString();
  return `/recording-status${search === '' ? '' : `?${search}`}`;
}

function baseEntries(): [string, string][] {
  return [
    ['taskSid', query.taskSid],
    ['reservationSid', query.reservationSid],
  ];
}

type ParamMutation =
  | { kind: 'none' }
  | { kind: 'set'; key: string; value: string }
  | { kind: 'remove'; key: string }
  | { kind: 'add'; extra: Record<string, string> }
  | { kind: 'repeat'; key: string };

type QueryMutation =
  | { kind: 'none' }
  | { kind: 'set'; key: 'taskSid' | 'reservationSid'; value: string }
  | { kind: 'drop'; key: 'taskSid' | 'reservationSid' }
  | { kind: 'swapOrder' }
  | { kind: 'extra'; key: string; value: string };

type SignatureChoice =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'forged'; value: string }
  | { kind: 'replayed' }
  | { kind: 'otherKey'; authToken: string }
  | { kind: 'otherUrl'; url: string }
  | { kind: 'repeatedHeader' };

interface ForgedCase {
  encoding: 'form' | 'json';
  params: ParamMutation;
  query: QueryMutation;
  signature: SignatureChoice;
}

function forgedCases(): fc.Arbitrary<ForgedCase> {
  const keys = Object.keys(completed);
  const anyString = fc.oneof(
    fc.constantFrom('in-progress', 'absent', 'paused', 'completed ', '-1', '99999', ''),
    unknownSid('RE'),
    unknownSid('CA'),
    malformedSid(completed.RecordingSid),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  );
  const params = fc.oneof(
    fc.constant<ParamMutation>({ kind: 'none' }),
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...keys), value: anyString }),
    fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom(...keys) }),
    fc.record({
      kind: fc.constant('add' as const),
      extra: extraFields([...keys, 'taskSid', 'reservationSid']),
    }),
    fc.record({ kind: fc.constant('repeat' as const), key: fc.constantFrom(...keys) }),
  );
  const sidFor = (key: 'taskSid' | 'reservationSid'): fc.Arbitrary<string> =>
    fc.oneof(
      unknownSid(query[key].slice(0, 2)),
      malformedSid(query[key]).filter((s) => s.length < 2000),
    );
  const queryMutation = fc.oneof(
    fc.constant<QueryMutation>({ kind: 'none' }),
    fc
      .constantFrom('taskSid' as const, 'reservationSid' as const)
      .chain((key) => sidFor(key).map((value): QueryMutation => ({ kind: 'set', key, value }))),
    fc.constantFrom<QueryMutation>({ kind: 'drop', key: 'taskSid' }, { kind: 'drop', key: 'reservationSid' }),
    fc.constant<QueryMutation>({ kind: 'swapOrder' }),
    fc.record({
      kind: fc.constant('extra' as const),
      key: fc.constantFrom('x', 'RecordingStatus', 'Foo'),
      value: fc.string({ maxLength: 10 }),
    }),
  );
  const validSignature = twilioSignature(
    stack.authToken,
    `${stack.functionsUrl}${pathWith(baseEntries())}`,
    completed,
  );
  const signature = fc.oneof(
    fc.constant<SignatureChoice>({ kind: 'absent' }),
    fc.constant<SignatureChoice>({ kind: 'empty' }),
    forgedSignature(validSignature).map((value): SignatureChoice => ({ kind: 'forged', value })),
    fc.constant<SignatureChoice>({ kind: 'replayed' }),
    otherAuthToken.map((authToken): SignatureChoice => ({ kind: 'otherKey', authToken })),
    fc
      .constantFrom(
        `https://evil.example${pathWith(baseEntries())}`,
        `${stack.functionsUrl}/recording-status`,
        `${stack.functionsUrl}/recording-status/?${new URLSearchParams(baseEntries()).toString()}`,
        `${stack.functionsUrl.replace('127.0.0.1', 'localhost')}${pathWith(baseEntries())}`,
        `${stack.functionsUrl.replace('http:', 'https:')}${pathWith(baseEntries())}`,
      )
      .map((url): SignatureChoice => ({ kind: 'otherUrl', url })),
    fc.constant<SignatureChoice>({ kind: 'repeatedHeader' }),
  );
  return fc
    .record({
      encoding: fc.constantFrom('form' as const, 'json' as const),
      params,
      query: queryMutation,
      signature,
    })
    .filter((c) => !authentic(c));
}

function sentParams(c: ForgedCase): WebhookParams {
  const params: WebhookParams = { ...completed };
  const m = c.params;
  if (m.kind === 'set') params[m.key] = m.value;
  if (m.kind === 'remove') delete params[m.key];
  if (m.kind === 'add') Object.assign(params, m.extra);
  if (m.kind === 'repeat') params[m.key] = [completed[m.key], completed[m.key]];
  return params;
}

function sentPath(c: ForgedCase): string {
  let entries = baseEntries();
  const m = c.query;
  if (m.kind === 'set') entries = entries.map(([k, v]) => [k, k === m.key ? m.value : v]);
  if (m.kind === 'drop') entries = entries.filter(([k]) => k !== m.key);
  if (m.kind === 'swapOrder') entries = [...entries].reverse();
  if (m.kind === 'extra') entries = [...entries, [m.key, m.value]];
  return pathWith(entries);
}

/** The X-Twilio-Signature header a case sends (a list is sent as repeated header lines). */
function signatureHeader(c: ForgedCase): string | string[] | undefined {
  const s = c.signature;
  const path = sentPath(c);
  const params = sentParams(c);
  switch (s.kind) {
    case 'absent':
      return undefined;
    case 'empty':
      return '';
    case 'forged':
      return s.value;
    case 'replayed':
      return twilioSignature(stack.authToken, `${stack.functionsUrl}${pathWith(baseEntries())}`, completed);
    case 'otherKey':
      return twilioSignature(s.authToken, `${stack.functionsUrl}${path}`, params);
    case 'otherUrl':
      return twilioSignature(stack.authToken, s.url, params);
    case 'repeatedHeader': {
      const valid = twilioSignature(stack.authToken, `${stack.functionsUrl}${path}`, params);
      return [valid, valid];
    }
  }
}

/**
 * True when a case carries a valid signature for the content the Function acts on. The Function
 * sees `{...query, ...body}`, takes taskSid and reservationSid as the query (rebuilt in
 * create-recording's order, as documented) and everything else as Twilio's parameters, and checks
 * with the `twilio` package, which canonicalises repeated parameters (deduplicated, sorted). A case
 * that is the same content by that measure (a replay with the query reordered, or a parameter
 * repeated with the same value) is not a forgery; the property generates everything else.
 */
function authentic(c: ForgedCase): boolean {
  const header = signatureHeader(c);
  if (typeof header !== 'string' || header === '') return false;
  const search = new URLSearchParams(sentPath(c).split('?')[1] ?? '');
  const event: WebhookParams = { ...Object.fromEntries(search.entries()), ...sentParams(c) };
  const { taskSid, reservationSid, ...params } = event;
  const entries: [string, string][] = [];
  if (typeof taskSid === 'string') entries.push(['taskSid', taskSid]);
  if (typeof reservationSid === 'string') entries.push(['reservationSid', reservationSid]);
  const url = `${stack.functionsUrl}${pathWith(entries)}`;
  return header === twilio.getExpectedTwilioSignature(stack.authToken, url, params);
}

function requestOf(
  c: ForgedCase,
  params: WebhookParams,
  path: string,
  header: string | string[] | undefined,
) {
  const headers: Record<string, string | string[]> = {
    'Content-Type': c.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
  };
  if (header !== undefined) headers['X-Twilio-Signature'] = header;
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, item);
  return { path, headers, body: c.encoding === 'json' ? JSON.stringify(params) : form.toString() };
}

const refusedSignature: Expectation = {
  outcomes: [{ status: 403, code: 'invalid_signature' }],
  badFields: [],
  secrets: [],
  originAllowed: true,
  webhook: true,
};

describe('POST /recording-status refuses what Twilio did not sign, and changes nothing', () => {
  it('absent, empty, forged, replayed-onto-other-content, other-key, other-URL and repeated signatures are 403 invalid_signature (form and JSON)', async () => {
    await fc.assert(
      fc.asyncProperty(forgedCases(), async (c) => {
        await expectRefused(
          stack.functionsUrl,
          baseline,
          watch,
          requestOf(c, sentParams(c), sentPath(c), signatureHeader(c)),
          { ...refusedSignature, secrets: [stack.authToken] },
        );
      }),
      runs(100),
    );
  }, 120_000);

  it('correctly signed callbacks whose SIDs or RecordingStatus are missing or malformed are 400 naming a bad field', async () => {
    type Bad = { key: string; value: string | undefined };
    const badValue = (valid: string): fc.Arbitrary<string | undefined> =>
      fc.oneof(
        fc.constant(undefined),
        fc.constant(''),
        malformedSid(valid).filter((s) => s.length < 2000 && s.trim() === s),
      );
    const bad: fc.Arbitrary<Bad[]> = fc.uniqueArray(
      fc.oneof(
        badValue(query.taskSid).map((value): Bad => ({ key: 'taskSid', value })),
        badValue(query.reservationSid).map((value): Bad => ({ key: 'reservationSid', value })),
        badValue(completed.RecordingSid).map((value): Bad => ({ key: 'RecordingSid', value })),
        badValue(completed.CallSid).map((value): Bad => ({ key: 'CallSid', value })),
        fc.constantFrom<Bad>(
          { key: 'RecordingStatus', value: undefined },
          { key: 'RecordingStatus', value: '' },
        ),
      ),
      { minLength: 1, maxLength: 3, selector: (b) => b.key },
    );
    await fc.assert(
      fc.asyncProperty(bad, async (changes) => {
        const params: Record<string, string> = { ...completed };
        const entries: Record<string, string> = { ...query };
        for (const { key, value } of changes) {
          const target = key === 'taskSid' || key === 'reservationSid' ? entries : params;
          if (value === undefined) delete target[key];
          else target[key] = value;
        }
        const path = pathWith(
          (['taskSid', 'reservationSid'] as const)
            .filter((k) => entries[k] !== undefined)
            .map((k): [string, string] => [k, entries[k]]),
        );
        const header = twilioSignature(stack.authToken, `${stack.functionsUrl}${path}`, params);
        const badFields = changes
          .filter(
            ({ key, value }) =>
              key === 'RecordingStatus' ||
              !isWellFormedSid(
                value,
                key === 'taskSid' ? 'WT' : key === 'reservationSid' ? 'WR' : key === 'CallSid' ? 'CA' : 'RE',
              ),
          )
          .map(({ key }) => key);
        await expectRefused(
          stack.functionsUrl,
          baseline,
          watch,
          requestOf(
            {
              encoding: 'form',
              params: { kind: 'none' },
              query: { kind: 'none' },
              signature: { kind: 'absent' },
            },
            params,
            path,
            header,
          ),
          {
            ...refusedSignature,
            outcomes: [{ status: 400, code: 'invalid_parameter' }],
            badFields,
            secrets: [stack.authToken],
          },
        );
      }),
      runs(40),
    );
  }, 120_000);
});

describe('POST /recording-status stores only sane numbers, and a replay writes nothing', () => {
  /** Sends `params` with a valid signature for the fixture's callback URL. */
  function signed(params: Record<string, string>) {
    const path = pathWith(baseEntries());
    return requestOf(
      { encoding: 'form', params: { kind: 'none' }, query: { kind: 'none' }, signature: { kind: 'absent' } },
      params,
      path,
      twilioSignature(stack.authToken, `${stack.functionsUrl}${path}`, params),
    );
  }

  it('a correctly signed callback whose RecordingDuration, RecordingChannels, ErrorCode or RecordingStartTime is absurd is 400 naming that field, and nothing is stored', async () => {
    const absurd: fc.Arbitrary<[string, string]> = fc.oneof(
      fc.constantFrom<[string, string]>(
        ['RecordingDuration', '9'.repeat(400)],
        ['RecordingDuration', '9007199254740993'],
        ['RecordingDuration', '1e3'],
        ['RecordingDuration', '-7'],
        ['RecordingDuration', '3.5'],
        ['RecordingDuration', ' 7'],
        ['RecordingChannels', '3'],
        ['RecordingChannels', '0'],
        ['RecordingChannels', '1'.repeat(40)],
        ['ErrorCode', '9'.repeat(30)],
        ['ErrorCode', 'x'],
        ['RecordingStartTime', 'yesterday'],
        ['RecordingStartTime', 'Mon, 01 Jan 275760 10:00:00 +0000'],
      ),
      fc
        .bigInt({ min: 10n ** 16n, max: 10n ** 400n })
        .map((n): [string, string] => ['RecordingDuration', String(n)]),
    );
    await fc.assert(
      fc.asyncProperty(absurd, async ([field, value]) => {
        await expectRefused(stack.functionsUrl, baseline, watch, signed({ ...completed, [field]: value }), {
          ...refusedSignature,
          outcomes: [{ status: 400, code: 'invalid_parameter' }],
          badFields: [field],
          secrets: [stack.authToken],
        });
      }),
      runs(30),
    );
  }, 120_000);

  it('replaying a callback with an absurd RecordingDuration never writes the task', async () => {
    const absurd = { ...completed, RecordingDuration: '9'.repeat(400) };
    const before = await stack.sandbox.task(query.taskSid);
    for (let i = 0; i < 3; i += 1) await send(stack.functionsUrl, signed(absurd));
    const after = await stack.sandbox.task(query.taskSid);
    expect(after.etag).toBe(before.etag);
    expect(JSON.stringify(after.attributes)).not.toContain('"duration":null');
  }, 30_000);

  it('an identical replay of a stored callback leaves the task’s ETag unchanged', async () => {
    const first = await send(stack.functionsUrl, signed(completed));
    expect(first.status).toBe(200);
    const { etag } = await stack.sandbox.task(query.taskSid);
    for (let i = 0; i < 3; i += 1) {
      const again = await send(stack.functionsUrl, signed(completed));
      expect(again.status).toBe(200);
      expect(JSON.parse(again.text)).toMatchObject({ outcome: 'duplicate' });
    }
    expect((await stack.sandbox.task(query.taskSid)).etag).toBe(etag);
  }, 30_000);
});
