import { SignedMedia } from './media-access';

const RE = `RE${'a'.repeat(32)}`;

function parts(url: string): { pathname: string; query: URLSearchParams } {
  const u = new URL(url);
  return { pathname: u.pathname, query: u.searchParams };
}

describe('SignedMedia (the short-lived URL an authenticated media request is redirected to)', () => {
  const signed = new SignedMedia();
  const url = signed.url('http://127.0.0.1:4010', {
    recordingSid: RE,
    requestedChannels: '2',
    expiresMs: 10_000,
  });

  it('grants the recording and channel layout it was signed for, until it expires', () => {
    const { pathname, query } = parts(url);
    expect(signed.verify(pathname, query, 9_999)).toEqual({
      ok: true,
      grant: { recordingSid: RE, requestedChannels: '2', expiresMs: 10_000 },
    });
    expect(signed.verify(pathname, query, 10_001)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses any change to the recording, the channels or the expiry as forged', () => {
    const { pathname, query } = parts(url);
    const other = pathname.replace(RE, `RE${'b'.repeat(32)}`);
    expect(signed.verify(other, query, 0)).toEqual({ ok: false, reason: 'forged' });
    for (const [key, value] of [
      ['RequestedChannels', '1'],
      ['Expires', '99999999'],
      ['Signature', 'x'],
    ]) {
      const changed = new URLSearchParams(query);
      changed.set(key, value);
      expect(signed.verify(pathname, changed, 0)).toEqual({ ok: false, reason: 'forged' });
    }
  });

  it('refuses a URL signed by another sandbox', () => {
    const { pathname, query } = parts(url);
    expect(new SignedMedia().verify(pathname, query, 0)).toEqual({ ok: false, reason: 'forged' });
  });
});
