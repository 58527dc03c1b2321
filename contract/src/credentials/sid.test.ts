import { isSid, sidPattern } from './sid';

describe('isSid', () => {
  const hex = '0123456789abcdefABCDEF0123456789';

  it('accepts the prefix followed by exactly 32 hex digits, either case', () => {
    expect(isSid(`WT${hex}`, 'WT')).toBe(true);
    expect(sidPattern('RE').test(`RE${hex}`)).toBe(true);
  });

  it('refuses another prefix, a short or long tail, non-hex digits and padding', () => {
    expect(isSid(`WR${hex}`, 'WT')).toBe(false);
    expect(isSid(`WT${hex.slice(1)}`, 'WT')).toBe(false);
    expect(isSid(`WT${hex}0`, 'WT')).toBe(false);
    expect(isSid(`WT${hex.slice(1)}g`, 'WT')).toBe(false);
    expect(isSid(` WT${hex}`, 'WT')).toBe(false);
  });
});
