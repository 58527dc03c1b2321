import { ApiError } from '../../src/http/api-error';
import { DeadlineExceededError } from '../../src/twilio/errors';
import {
  isTransientValidatorFailure,
  realmFor,
  toIdentity,
  validateFlexToken,
  type ValidateFn,
} from '../../src/http/flex-token';
import { TEST_CONFIG } from '../helpers/config';
import { createDeadline, type Timing } from '../../src/twilio/retry';
import type { Config } from '../../src/config/settings';
import { ACCOUNT, WORKER, sid } from '../helpers/sids';

const config: Config = TEST_CONFIG;
const instant: Timing = { now: () => 0, sleep: async () => undefined, random: () => 0 };

describe('validateFlexToken', () => {
  it('returns the worker of a valid token, passing auth token and realm', async () => {
    const validate = jest.fn(async () => ({
      valid: true,
      worker_sid: WORKER,
      identity: 'alice',
      roles: ['agent'],
    }));
    const who = await validateFlexToken(
      't',
      { ...config, region: 'ie1' },
      createDeadline(7000, instant),
      validate as unknown as ValidateFn,
    );
    expect(who).toEqual({ workerSid: WORKER, identity: 'alice', roles: ['agent'] });
    expect(validate).toHaveBeenCalledWith('t', ACCOUNT, 'tok', 'ie1');
  });

  it('passes API key credentials when there is no auth token', async () => {
    const validate = jest.fn(async () => ({ valid: true, worker_sid: WORKER }));
    const keyConfig: Config = {
      ...config,
      credentials: { kind: 'api_key', accountSid: ACCOUNT, apiKey: sid('SK', 1), apiSecret: 's' },
    };
    await validateFlexToken('t', keyConfig, createDeadline(7000, instant), validate as unknown as ValidateFn);
    expect(validate).toHaveBeenCalledWith('t', ACCOUNT, undefined, undefined, {
      Sid: sid('SK', 1),
      Secret: 's',
    });
  });

  it('answers 403 invalid_token for a rejected token without retrying', async () => {
    const validate = jest.fn(async () => Promise.reject('Token expired'));
    const error = await validateFlexToken(
      't',
      config,
      createDeadline(7000, instant),
      validate as unknown as ValidateFn,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'invalid_token' });
    expect(validate).toHaveBeenCalledTimes(1);
  });

  it('retries a reset connection to the validation endpoint', async () => {
    const validate = jest
      .fn()
      .mockRejectedValueOnce('socket hang up')
      .mockResolvedValueOnce({ valid: true, worker_sid: WORKER });
    await expect(
      validateFlexToken('t', config, createDeadline(7000, instant), validate as ValidateFn),
    ).resolves.toMatchObject({
      workerSid: WORKER,
    });
  });

  it('gives up at the deadline when validation keeps failing transiently', async () => {
    let t = 0;
    const timing: Timing = { now: () => t, sleep: async (ms) => void (t += ms), random: () => 1 };
    const validate = jest.fn().mockRejectedValue('Too Many Requests');
    const error = await validateFlexToken(
      't',
      config,
      createDeadline(1000, timing),
      validate as ValidateFn,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
  });

  it('refuses a valid token that is not a worker’s', () => {
    expect(() => toIdentity({ valid: true, identity: 'x' })).toThrow(ApiError);
  });
});

describe('helpers', () => {
  it('derives the realm like functionValidator', () => {
    expect(realmFor(undefined)).toBeUndefined();
    expect(realmFor('au1-dev')).toBe('au1');
  });

  it.each([
    ['socket hang up', true],
    ['read ECONNRESET', true],
    ['Too Many Requests', true],
    ['Unexpected token \'<\', "<html>" is not valid JSON', true],
    ['Token expired', false],
    ['Token validation failed: invalid signature', false],
    // What the validator answers for a body it could not send whole: about the token, not Twilio.
    ['Unexpected end of JSON input', false],
  ])('%p transient: %s', (reason, expected) => {
    expect(isTransientValidatorFailure(reason)).toBe(expected);
  });
});
