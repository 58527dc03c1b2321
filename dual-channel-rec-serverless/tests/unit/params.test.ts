import { parseToken, tokenProblem } from '../../src/http/flex-token';
import { parseCreateRecordingParams } from '../../src/http/route-params';
import { CALL, RESERVATION, TASK } from '../helpers/sids';

const valid = { taskSid: TASK, reservationSid: RESERVATION, callSid: CALL, channel: 'customer' };

describe('parseCreateRecordingParams', () => {
  it('accepts four well-formed strings and types the channel', () => {
    expect(parseCreateRecordingParams(valid)).toEqual({ ok: true, params: valid });
    expect(parseCreateRecordingParams({ ...valid, channel: 'worker' })).toMatchObject({
      ok: true,
      params: { channel: 'worker' },
    });
  });

  it('ignores extra fields such as Token and request', () => {
    const result = parseCreateRecordingParams({ ...valid, Token: 'x', ...{ request: { headers: {} } } });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['taskSid', undefined, 'taskSid is required'],
    ['taskSid', '', 'taskSid is required'],
    ['taskSid', 'WT123', 'WT followed by 32 hex digits'],
    ['taskSid', RESERVATION, 'WT followed by 32 hex digits'],
    ['taskSid', `${TASK} `, 'WT followed by 32 hex digits'],
    ['reservationSid', TASK, 'WR followed by 32 hex digits'],
    ['callSid', 'CAzz' + '0'.repeat(30), 'CA followed by 32 hex digits'],
    ['channel', 'agent', 'channel must be "customer" or "worker"'],
    ['channel', 'Customer', 'channel must be "customer" or "worker"'],
    ['channel', undefined, 'channel is required'],
  ])('names %s when it is %p', (field, value, reason) => {
    const result = parseCreateRecordingParams({ ...valid, [field]: value });
    expect(result).toEqual({ ok: false, problem: { field, reason: expect.stringContaining(reason) } });
  });

  it.each([
    ['a repeated form field (array)', [TASK, TASK], 'a list'],
    ['a nested query object', { a: TASK }, 'an object'],
    ['a JSON number', 42, 'a number'],
    ['a JSON boolean', true, 'a boolean'],
    ['JSON null', null, 'null'],
  ])('rejects %s as not a single string', (_label, value, kind) => {
    const result = parseCreateRecordingParams({ ...valid, callSid: value });
    expect(result).toEqual({
      ok: false,
      problem: { field: 'callSid', reason: expect.stringContaining(`must be a single string, not ${kind}`) },
    });
  });

  it('reports fields in a fixed order so clients get a stable answer', () => {
    const result = parseCreateRecordingParams({ channel: 'nope' });
    expect(result).toMatchObject({ ok: false, problem: { field: 'taskSid' } });
  });

  it.each([
    ['a JSON number', 2, 2],
    ['a form or query string', '2', 2],
    ['the first try', 1, 1],
    ['the highest accepted', '100', 100],
  ])('takes attempt as %s', (_label, attempt, parsed) => {
    expect(parseCreateRecordingParams({ ...valid, attempt })).toEqual({
      ok: true,
      params: { ...valid, attempt: parsed },
    });
  });

  it('leaves attempt out when it is absent or empty (an older plugin)', () => {
    expect(parseCreateRecordingParams({ ...valid, attempt: '' })).toEqual({ ok: true, params: valid });
  });

  it.each([
    [0],
    ['0'],
    [101],
    ['101'],
    [1.5],
    ['1.5'],
    ['1e1'],
    ['-1'],
    [' 2'],
    ['two'],
    [NaN],
    [true],
    [[1, 2]],
    [null],
    [{ n: 1 }],
  ])('refuses attempt %p with 400 naming attempt', (attempt) => {
    expect(parseCreateRecordingParams({ ...valid, attempt })).toEqual({
      ok: false,
      problem: {
        field: 'attempt',
        reason: expect.stringContaining('attempt must be a whole number from 1 to 100'),
      },
    });
  });

  it("takes customerCallSid as the customer's CA SID and refuses anything else naming it", () => {
    const customer = CALL.replace(/1$/, '2');
    expect(parseCreateRecordingParams({ ...valid, customerCallSid: customer })).toEqual({
      ok: true,
      params: { ...valid, customerCallSid: customer },
    });
    for (const bad of [TASK, 'CA123', [customer, customer], 42, CALL]) {
      expect(parseCreateRecordingParams({ ...valid, customerCallSid: bad })).toMatchObject({
        ok: false,
        problem: { field: 'customerCallSid' },
      });
    }
  });

  it('never echoes the rejected value (it may be sensitive)', () => {
    const result = parseCreateRecordingParams({ ...valid, callSid: '+15558675310' });
    expect(JSON.stringify(result)).not.toContain('5558675310');
  });
});

describe('parseToken', () => {
  it('returns the token string', () => {
    expect(parseToken({ Token: 'abc.def' })).toEqual({ ok: true, token: 'abc.def' });
  });
  it.each([['é'], ['日本'], ['\u0000'], [' '], ['\n'], ['\u200b'], ['\ud83d\ude00']])(
    'refuses a token holding %j as unsendable (403, never sent to Twilio)',
    (odd) => {
      const result = parseToken({ Token: `abc${odd}def` });
      expect(result).toMatchObject({ ok: false, missing: false, unsendable: true });
      if (!result.ok) expect(tokenProblem(result)).toMatchObject({ status: 403, code: 'invalid_token' });
    },
  );

  it('marks a missing or empty token as missing', () => {
    expect(parseToken({})).toMatchObject({ ok: false, missing: true });
    expect(parseToken({ Token: '' })).toMatchObject({ ok: false, missing: true });
  });

  it('rejects a duplicated Token field without calling it missing', () => {
    expect(parseToken({ Token: ['a', 'b'] })).toMatchObject({ ok: false, missing: false });
  });

  it('rejects an absurdly long token before it is sent anywhere', () => {
    expect(parseToken({ Token: 'x'.repeat(20000) })).toMatchObject({ ok: false, missing: false });
  });
});
