import { NO_ANSWER } from '../retry/retry';
import {
  TwilioApiError,
  isTwilioCode,
  isTwilioNotFound,
  isTwilioStatus,
  toTwilioApiError,
  twilioErrorOfAnswer,
} from './api-error';

const TOO_MANY_REQUESTS_PAGE = 'https://www.twilio.com/docs/errors/20429';

describe('toTwilioApiError', () => {
  it("keeps a RestException's status, Twilio code and page", () => {
    const rest = Object.assign(new Error('Too Many Requests'), {
      status: 429,
      code: 20429,
      moreInfo: TOO_MANY_REQUESTS_PAGE,
    });
    const error = toTwilioApiError(rest);
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({
      name: 'TwilioApiError',
      message: 'Too Many Requests',
      status: 429,
      code: 20429,
      moreInfo: TOO_MANY_REQUESTS_PAGE,
    });
    expect(error.networkCode).toBeUndefined();
  });

  it("keeps an RFC 9457 exception's status and code (it has no page)", () => {
    const problem = Object.assign(new Error('[HTTP 400] Invalid parameter'), {
      type: 'https://www.twilio.com/docs/errors/20001',
      title: 'Invalid parameter',
      status: 400,
      code: 20001,
    });
    expect(toTwilioApiError(problem)).toMatchObject({
      message: '[HTTP 400] Invalid parameter',
      status: 400,
      code: 20001,
      moreInfo: undefined,
    });
  });

  it("reads a request with no answer as NO_ANSWER with Node's code", () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' });
    expect(toTwilioApiError(reset)).toMatchObject({
      message: 'socket hang up',
      status: NO_ANSWER,
      code: undefined,
      networkCode: 'ETIMEDOUT',
    });
  });

  it('reads a failure with neither status nor Node code as a dropped connection', () => {
    expect(toTwilioApiError('boom')).toMatchObject({
      message: 'Twilio request failed',
      status: NO_ANSWER,
      networkCode: 'ECONNRESET',
    });
  });

  it('returns a TwilioApiError as it is', () => {
    const error = new TwilioApiError('gone', 404, 20404);
    expect(toTwilioApiError(error)).toBe(error);
  });
});

describe('twilioErrorOfAnswer', () => {
  it("reads Twilio's error body: code, message and more_info, with the answer's status and Retry-After", () => {
    const error = twilioErrorOfAnswer(
      {
        status: 429,
        body: {
          code: 20429,
          message: 'Too Many Requests',
          more_info: TOO_MANY_REQUESTS_PAGE,
          status: 429,
        },
        retryAfterMs: 2000,
      },
      'HTTP 429 from the media URL',
    );
    expect(error).toBeInstanceOf(TwilioApiError);
    expect(error).toMatchObject({
      message: 'Too Many Requests',
      status: 429,
      code: 20429,
      moreInfo: TOO_MANY_REQUESTS_PAGE,
      retryAfterMs: 2000,
    });
  });

  it('keeps the status and the fallback message when the body is not Twilio’s (a proxy page)', () => {
    const error = twilioErrorOfAnswer({ status: 502, body: '<html>Bad Gateway</html>' }, 'HTTP 502 from x');
    expect(error).toMatchObject({
      message: 'HTTP 502 from x',
      status: 502,
      code: undefined,
      moreInfo: undefined,
    });
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('ignores fields of the wrong type instead of carrying them', () => {
    const error = twilioErrorOfAnswer(
      { status: 404, body: { code: '20404', message: '', more_info: 7 } },
      'HTTP 404 from y',
    );
    expect(error).toMatchObject({
      message: 'HTTP 404 from y',
      status: 404,
      code: undefined,
      moreInfo: undefined,
    });
  });
});

describe('the predicates', () => {
  const notFound = new TwilioApiError('Task not found', 404, 20404);
  const notInProgress = new TwilioApiError('Call is not in-progress', 400, 21220);
  const lookalike = Object.assign(new Error('not ours'), { status: 404, code: 20404 });

  it('isTwilioNotFound is true for a 404 only', () => {
    expect(isTwilioNotFound(notFound)).toBe(true);
    expect(isTwilioNotFound(notInProgress)).toBe(false);
  });

  it('isTwilioCode and isTwilioStatus match on Twilio’s code and the HTTP status', () => {
    expect(isTwilioCode(notInProgress, 21220)).toBe(true);
    expect(isTwilioCode(notInProgress, 20404)).toBe(false);
    expect(isTwilioStatus(notInProgress, 400)).toBe(true);
    expect(isTwilioStatus(notInProgress, 404)).toBe(false);
  });

  it('are false for anything that is not a TwilioApiError, whatever fields it has', () => {
    expect(isTwilioNotFound(lookalike)).toBe(false);
    expect(isTwilioCode(lookalike, 20404)).toBe(false);
    expect(isTwilioStatus(undefined, 404)).toBe(false);
  });
});
