import '../helpers/runtime';
import type { TestResponse } from '../helpers/runtime';
import { handler } from '../../src/functions/create-recording';
import type { CreateRecordingFields } from '../../src/http/route-params';
import type { FunctionEvent } from '../../src/http/request';

/** The event of create-recording: query and body parameters, plus request headers. */
type CreateRecordingEvent = FunctionEvent<CreateRecordingFields>;
import { toApiError } from '../../src/http/failures';
import { DeadlineExceededError, TwilioApiError } from '../../src/twilio/errors';
import type { Context } from '@twilio-labs/serverless-runtime-types/types';
import type { RecordingEnv } from '../../src/config/settings';
import { ACCOUNT, CALL, RESERVATION, TASK, WORKSPACE } from '../helpers/sids';

const env: RecordingEnv = {
  ACCOUNT_SID: ACCOUNT,
  AUTH_TOKEN: 'secret-token',
  TWILIO_WORKSPACE_SID: WORKSPACE,
  ALLOWED_ORIGINS: 'https://flex.twilio.com,http://localhost:3000',
};

function context(overrides: RecordingEnv = {}): Context<RecordingEnv> {
  return {
    ...env,
    ...overrides,
    DOMAIN_NAME: 'svc.example',
    PATH: '/create-recording',
    SERVICE_SID: undefined,
    ENVIRONMENT_SID: undefined,
    getTwilioClient: () => {
      throw new Error('the Function must use its own twilio 6 client');
    },
  };
}

function event(
  fields: Record<string, unknown>,
  headers: Record<string, string> = { origin: 'https://flex.twilio.com' },
) {
  // The runtime always passes Host; a request object without it is what a forged `request` looks like.
  return {
    ...fields,
    request: { headers: { host: 'example-1234.twil.io', ...headers }, cookies: {} },
  } as unknown as CreateRecordingEvent;
}

const valid = {
  taskSid: TASK,
  reservationSid: RESERVATION,
  callSid: CALL,
  channel: 'customer',
  Token: 'tok',
};

async function invoke(ctx: Context<RecordingEnv>, ev: CreateRecordingEvent): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    void handler(ctx, ev, (err, payload) => {
      if (err) reject(new Error(`callback(err) must never be used: ${String(err)}`));
      else resolve(payload as TestResponse);
    });
  });
}

let fetchSpy: jest.SpyInstance;
beforeEach(() => {
  // Any Twilio request from these tests is a bug: they all stop before one is needed.
  fetchSpy = jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in unit tests'));
});
afterEach(() => fetchSpy.mockRestore());

describe('create-recording handler: CORS', () => {
  it('answers a preflight from an allowed origin with 204 and that origin, never *', async () => {
    const res = await invoke(
      context(),
      event({}, { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' }),
    );
    expect(res.statusCode).toBe(204);
    expect(res.header('Access-Control-Allow-Origin')).toBe('http://localhost:3000');
    expect(res.header('Access-Control-Allow-Methods')).toContain('POST');
    expect(res.header('Access-Control-Allow-Headers')).toContain('Content-Type');
    expect(res.header('Vary')).toBe('Origin');
  });

  it('refuses a preflight from another origin without CORS headers', async () => {
    const res = await invoke(
      context(),
      event({}, { origin: 'https://evil.example', 'access-control-request-method': 'POST' }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.header('Access-Control-Allow-Origin')).toBeUndefined();
  });

  it('refuses a request from another origin before doing anything', async () => {
    const res = await invoke(context(), event(valid, { origin: 'https://evil.example' }));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, code: 'origin_not_allowed' });
    expect(res.header('Access-Control-Allow-Origin')).toBeUndefined();
  });

  it('answers a request without Origin (server-to-server) for the first allowed origin', async () => {
    const res = await invoke(context(), event({ ...valid, taskSid: 'bad' }, {}));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'taskSid' });
    expect(res.header('Access-Control-Allow-Origin')).toBe('https://flex.twilio.com');
  });

  it.each([
    ['a scalar', 'x'],
    ['an empty object', {}],
    ['forged headers', { headers: { origin: 'https://flex.twilio.com' } }],
    [
      'headers that are not strings (nested query keys)',
      { headers: { origin: { x: 'https://flex.twilio.com' } }, cookies: {} },
    ],
    [
      'a header list holding a non-string',
      { headers: { origin: ['https://flex.twilio.com', 1] }, cookies: {} },
    ],
  ])(
    'refuses a parameter named `request` (%s) that replaced the runtime headers, naming the field',
    async (_label, forged) => {
      const res = await invoke(context(), { ...valid, request: forged } as unknown as CreateRecordingEvent);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code: 'invalid_parameter', field: 'request' });
      expect(res.header('Access-Control-Allow-Origin')).toBeUndefined();
      expect(fetchSpy).not.toHaveBeenCalled();
    },
  );

  it('reads a complete forgery as the headers, since nothing tells it apart (deployed headers carry no Host either)', async () => {
    const forged = { headers: { origin: 'https://evil.example' }, cookies: {} };
    const res = await invoke(context(), { ...valid, request: forged } as unknown as CreateRecordingEvent);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'origin_not_allowed' });
  });
});

describe('create-recording handler: configuration', () => {
  it('names a missing setting in a 500 and leaks nothing else', async () => {
    const res = await invoke(context({ TWILIO_WORKSPACE_SID: undefined }), event(valid));
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toMatchObject({ status: 500, code: 'missing_setting', setting: 'TWILIO_WORKSPACE_SID' });
    expect(JSON.stringify(body)).not.toContain('secret-token');
    expect(JSON.stringify(body)).not.toContain(ACCOUNT);
    expect(res.header('Access-Control-Allow-Origin')).toBe('https://flex.twilio.com');
  });

  it('logs the setting name, not its value', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await invoke(context({ AUTH_TOKEN: undefined }), event(valid));
      const lines = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(lines).toContain('AUTH_TOKEN');
      expect(lines).not.toContain('secret-token');
    } finally {
      log.mockRestore();
    }
  });
});

describe('create-recording handler: input', () => {
  it.each([
    ['taskSid', 'WT1'],
    ['reservationSid', ['WR1', 'WR2']],
    ['callSid', { nested: 'x' }],
    ['channel', 'both'],
  ])('answers 400 naming %s', async (field, value) => {
    const res = await invoke(context(), event({ ...valid, [field]: value }));
    expect(res.statusCode).toBe(400);
    expect(res.header('Content-Type')).toBe('application/json');
    expect(res.json()).toMatchObject({ status: 400, code: 'invalid_parameter', field });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers 403 for a missing token and 400 for a duplicated one', async () => {
    const { Token: _t, ...withoutToken } = valid;
    expect((await invoke(context(), event(withoutToken))).json()).toMatchObject({
      status: 403,
      code: 'invalid_token',
    });
    expect((await invoke(context(), event({ ...valid, Token: ['a', 'b'] }))).json()).toMatchObject({
      status: 400,
      field: 'Token',
    });
  });
});

describe('toApiError', () => {
  it('maps 21220 to 409 with a message an admin understands', () => {
    const error = toApiError(
      new TwilioApiError('not in progress', 400, 21220, 'https://www.twilio.com/docs/errors/21220'),
    );
    expect(error.toBody()).toEqual({
      status: 409,
      code: 'call_not_in_progress',
      message: expect.stringContaining('no longer in progress'),
      field: 'callSid',
      twilioCode: 21220,
      moreInfo: 'https://www.twilio.com/docs/errors/21220',
    });
  });

  it("maps an exhausted 429 to 503 with Retry-After and Twilio's code", () => {
    const error = toApiError(
      new DeadlineExceededError(
        'late',
        new TwilioApiError('busy', 429, 20429, 'https://www.twilio.com/docs/errors/20429'),
      ),
    );
    expect(error.status).toBe(503);
    expect(error.toBody()).toMatchObject({ code: 'twilio_unavailable', twilioCode: 20429 });
    expect(error.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('hides unknown failures behind a bare 500', () => {
    expect(toApiError(new TypeError('secret detail')).toBody()).toEqual({
      status: 500,
      code: 'internal_error',
      message: 'The Function failed unexpectedly',
    });
  });
});
