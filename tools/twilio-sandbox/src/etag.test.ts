import { formatEtag, ifMatchSatisfied } from './etag';

describe('ETag / If-Match', () => {
  it('passes without If-Match, with *, or with the current version (quoted or weak too)', () => {
    expect(ifMatchSatisfied(undefined, 3)).toBe(true);
    expect(ifMatchSatisfied('*', 3)).toBe(true);
    expect(ifMatchSatisfied(formatEtag(3), 3)).toBe(true);
    expect(ifMatchSatisfied('"3"', 3)).toBe(true);
    expect(ifMatchSatisfied('W/"3"', 3)).toBe(true);
  });

  it('fails with a stale version', () => {
    expect(ifMatchSatisfied(formatEtag(2), 3)).toBe(false);
  });
});
