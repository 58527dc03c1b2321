import { GATEWAY_ENV, TWILIO_FUNCTION_LIMITS, isGatewayEnabled, parseGatewaySettings } from './settings';

describe('gateway settings', () => {
  it("default to Twilio's published Function limits", () => {
    expect(parseGatewaySettings({})).toEqual({
      ok: true,
      settings: {
        maxConcurrency: 30,
        timeoutMs: 10_000,
        maxRequestBodyBytes: 1_048_576,
        maxResponseBodyBytes: 4_194_304,
        maxHeaderBytes: 15_360,
        maxHeaderCount: 90,
        errorCors: true,
      },
    });
  });

  it('take each number from its environment variable, and overrides in code over those', () => {
    const parsed = parseGatewaySettings(
      { GATEWAY_MAX_CONCURRENCY: '5', GATEWAY_TIMEOUT_MS: '2500', GATEWAY_ERROR_CORS: 'none' },
      { maxHeaderCount: 10 },
    );
    expect(parsed).toEqual({
      ok: true,
      settings: {
        ...TWILIO_FUNCTION_LIMITS,
        maxConcurrency: 5,
        timeoutMs: 2500,
        maxHeaderCount: 10,
        errorCors: false,
      },
    });
  });

  it('name every malformed setting instead of guessing', () => {
    const parsed = parseGatewaySettings({
      GATEWAY_MAX_CONCURRENCY: '0',
      GATEWAY_TIMEOUT_MS: '10s',
      GATEWAY_MAX_HEADER_BYTES: '1.5',
      GATEWAY_ERROR_CORS: 'yes',
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.map((p) => p.setting)).toEqual([
      GATEWAY_ENV.maxConcurrency,
      GATEWAY_ENV.timeoutMs,
      GATEWAY_ENV.maxHeaderBytes,
      GATEWAY_ENV.errorCors,
    ]);
  });

  it('keep the gateway on unless FUNCTIONS_GATEWAY turns it off', () => {
    expect(isGatewayEnabled({})).toBe(true);
    expect(isGatewayEnabled({ FUNCTIONS_GATEWAY: 'on' })).toBe(true);
    expect(isGatewayEnabled({ FUNCTIONS_GATEWAY: 'off' })).toBe(false);
    expect(isGatewayEnabled({ FUNCTIONS_GATEWAY: 'OFF ' })).toBe(false);
  });
});
