import {
  DOCUMENTED_RESTRICTED_HEADERS,
  deployedRestrictedHeaders,
  isInHeaderSet,
  runtimeHandlerRestrictedHeaders,
} from './restricted-headers';

describe('restricted headers', () => {
  it("reads runtime-handler's own list from the installed package", () => {
    const runtime = runtimeHandlerRestrictedHeaders();
    expect(runtime.exact).toEqual(expect.arrayContaining(['via', 'referer', 'x-real-ip']));
    expect(runtime.prefixes).toEqual(expect.arrayContaining(['x-forwarded-', 'i-twilio-']));
  });

  it("records the gap the gateway closes: runtime-handler's dev server lets Host through, Twilio does not", () => {
    expect(isInHeaderSet(runtimeHandlerRestrictedHeaders(), 'Host')).toBe(false);
    expect(isInHeaderSet(DOCUMENTED_RESTRICTED_HEADERS, 'Host')).toBe(true);
  });

  it('holds both lists, matching names in any case and by prefix', () => {
    const deployed = deployedRestrictedHeaders();
    for (const name of [...DOCUMENTED_RESTRICTED_HEADERS.exact, ...runtimeHandlerRestrictedHeaders().exact])
      expect(isInHeaderSet(deployed, name.toUpperCase())).toBe(true);
    expect(isInHeaderSet(deployed, 'X-Forwarded-Proto')).toBe(true);
    expect(isInHeaderSet(deployed, 'x-amzn-trace-id')).toBe(true);
    expect(isInHeaderSet(deployed, 'X-Twilio-Signature')).toBe(false);
    expect(isInHeaderSet(deployed, 'Origin')).toBe(false);
  });
});
