import { exceedsHeaderLimits, measureHeaders } from './header-limits';

describe('measureHeaders', () => {
  it('counts each cookie of a Cookie field on its own, and every other field once', () => {
    expect(measureHeaders(['Host', 'x', 'Cookie', 'a=1; b=2;c=3', 'Set-Cookie', 'd=4']).count).toBe(5);
  });

  it('counts bytes as on the wire: name, ": ", value, CRLF', () => {
    expect(measureHeaders(['Host', 'x', 'X-Long', 'abcdef']).bytes).toBe(
      'Host: x\r\nX-Long: abcdef\r\n'.length,
    );
    // "é" sent as UTF-8 is two bytes, which Node hands over as two latin1 characters.
    expect(measureHeaders(['X', Buffer.from('é').toString('latin1')]).bytes).toBe('X: \r\n'.length + 2);
  });
});

describe('exceedsHeaderLimits', () => {
  const limits = { maxHeaderBytes: 100, maxHeaderCount: 3 };
  it('allows a section at either limit and refuses one past it', () => {
    expect(exceedsHeaderLimits({ count: 3, bytes: 100 }, limits)).toBe(false);
    expect(exceedsHeaderLimits({ count: 4, bytes: 10 }, limits)).toBe(true);
    expect(exceedsHeaderLimits({ count: 1, bytes: 101 }, limits)).toBe(true);
  });
});
