import { NO_ANSWER } from '../retry/retry';
import { readTwilioFailure } from './failure';

describe('readTwilioFailure', () => {
  it("keeps a RestException's status, Twilio code and page", () => {
    const rest = Object.assign(new Error('Too Many Requests'), {
      status: 429,
      code: 20429,
      moreInfo: 'https://www.twilio.com/docs/errors/20429',
    });
    expect(readTwilioFailure(rest)).toEqual({
      message: 'Too Many Requests',
      status: 429,
      code: 20429,
      moreInfo: 'https://www.twilio.com/docs/errors/20429',
    });
  });

  it("reads a request with no answer as NO_ANSWER with Node's code", () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(readTwilioFailure(reset)).toEqual({
      message: 'socket hang up',
      status: NO_ANSWER,
      networkCode: 'ECONNRESET',
    });
    expect(readTwilioFailure('boom')).toEqual({ message: 'Twilio request failed', status: NO_ANSWER });
  });
});
