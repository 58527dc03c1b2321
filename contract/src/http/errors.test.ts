import { ERROR_STATUS, isErrorCode } from './errors';

describe('error codes', () => {
  it('answer each code with one client or server error status', () => {
    for (const status of Object.values(ERROR_STATUS)) expect(status >= 400 && status < 600).toBe(true);
    expect(ERROR_STATUS.call_not_in_progress).toBe(409);
    expect(ERROR_STATUS.twilio_unavailable).toBe(503);
  });

  it('recognises only the documented codes', () => {
    expect(isErrorCode('no_recording')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });
});
