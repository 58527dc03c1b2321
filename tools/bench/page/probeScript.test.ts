import { runInNewContext } from 'node:vm';

import { buildProbeScripts } from './probeScript';

/** Evaluates the module expression `name: (function () { … })()` of the probe script, in a context without require. */
function moduleOf(probe: string, name: 'legs' | 'adapter'): Record<string, unknown> {
  const start = probe.indexOf(`${name}: (function () {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const from = start + name.length + 2;
  const end = probe.indexOf('return module.exports; })()', from) + 'return module.exports; })()'.length;
  return runInNewContext(probe.slice(from, end), {}) as Record<string, unknown>;
}

describe('the probe the bench injects into the page', () => {
  it("carries the plugin's own leg rules, their contract imports inlined, with no module loader needed", () => {
    const { probe } = buildProbeScripts('customer');
    const legs = moduleOf(probe, 'legs');
    expect(typeof legs.selectLeg).toBe('function');
    const conferenceSidOf = legs.conferenceSidOf as (c: { conferenceSid?: string }[]) => string | undefined;
    // legs.ts checks the SID with the contract's isSid, which the page only has because it is bundled in.
    expect(conferenceSidOf([{ conferenceSid: 'nope' }, { conferenceSid: `CF${'a'.repeat(32)}` }])).toBe(
      `CF${'a'.repeat(32)}`,
    );
    expect(typeof moduleOf(probe, 'adapter').callSnapshot).toBe('function');
  });
});
