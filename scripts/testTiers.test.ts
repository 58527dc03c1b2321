import fs from 'fs';
import path from 'path';

// testTiers.js is CommonJS without types: the fields this test reads, typed here.
interface Classified {
  readonly file: string;
  readonly project: { readonly name: string };
  readonly tier: 'unit' | 'contract' | 'integration';
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tiers = require('./testTiers') as { classify(): Classified[]; ROOT: string };

/** The sandbox helper that starts a server per test file (its name, without the call that marks a user). */
const ROUTED_SANDBOX_HELPER = 'useRoutedSandbox';

describe('the test tiers of npm test (scripts/testTiers.js)', () => {
  const classified = tiers.classify();
  const relative = (file: string) => path.relative(tiers.ROOT, file).split(path.sep).join('/');

  it('puts every test file that starts a routed sandbox in the integration tier, not the unit tier', () => {
    const users = classified.filter((f) =>
      fs.readFileSync(f.file, 'utf8').includes(`${ROUTED_SANDBOX_HELPER}(`),
    );
    expect(users.map((f) => relative(f.file))).toEqual(
      expect.arrayContaining([
        'tools/twilio-sandbox/src/compliance-routes.test.ts',
        'tools/twilio-sandbox/src/insights.test.ts',
        'tools/twilio-sandbox/src/intelligence.test.ts',
        'tools/twilio-sandbox/src/sync.test.ts',
      ]),
    );
    for (const user of users)
      expect({ file: relative(user.file), tier: user.tier }).toEqual({
        file: relative(user.file),
        tier: 'integration',
      });
  });

  it('keeps a sandbox test that starts nothing in the unit tier', () => {
    const etag = classified.find((f) => relative(f.file) === 'tools/twilio-sandbox/src/etag.test.ts');
    expect(etag?.tier).toBe('unit');
  });
});
