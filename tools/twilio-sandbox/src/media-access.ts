/**
 * "Enforce HTTP Auth on Media URLs", as the sandbox plays it: for an account that turned it on
 * (control API `setMediaAuth`), a recording's media URL needs the account's credentials, and an
 * authenticated request is answered with a redirect to a short-lived URL that needs none (Twilio's
 * answer to an authenticated media request; the voice docs do not give its lifetime, Twilio's
 * messaging docs say 4 hours for message media: the sandbox's is {@link SIGNED_MEDIA_TTL_MS}).
 * Without it, media is served to anyone, as Twilio does by default.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SID_DIGITS } from '@dual-channel-recording/contract';

/** Path prefix of the short-lived media URLs (not a Twilio API path). */
export const SIGNED_MEDIA_PREFIX = '/__media/';

/** A short-lived media URL's path: the prefix, the recording SID, `.wav`. */
const SIGNED_MEDIA_PATH = new RegExp(`^${SIGNED_MEDIA_PREFIX}(RE${SID_DIGITS})\\.wav$`);

/** How long a short-lived media URL works. */
export const SIGNED_MEDIA_TTL_MS = 10 * 60 * 1000;

/** What a short-lived URL grants: one recording, in one channel layout, until a time. */
export interface SignedMediaGrant {
  recordingSid: string;
  requestedChannels: string | null;
  expiresMs: number;
}

/** Signs and checks the sandbox's short-lived media URLs (a key per sandbox process). */
export class SignedMedia {
  private readonly key = randomBytes(32);

  private signature(grant: SignedMediaGrant): string {
    return createHmac('sha256', this.key)
      .update(`${grant.recordingSid}|${grant.requestedChannels ?? ''}|${grant.expiresMs}`)
      .digest('base64url');
  }

  /** The short-lived URL for a grant, on the sandbox's own address. */
  url(baseUrl: string, grant: SignedMediaGrant): string {
    const query = new URLSearchParams({ Expires: String(grant.expiresMs) });
    if (grant.requestedChannels !== null) query.set('RequestedChannels', grant.requestedChannels);
    query.set('Signature', this.signature(grant));
    return `${baseUrl}${SIGNED_MEDIA_PREFIX}${grant.recordingSid}.wav?${query.toString()}`;
  }

  /** The grant a URL carries, or why it does not: `expired`, or `forged` (any other tampering). */
  verify(
    pathname: string,
    query: URLSearchParams,
    now: number,
  ): { ok: true; grant: SignedMediaGrant } | { ok: false; reason: 'expired' | 'forged' } {
    const m = SIGNED_MEDIA_PATH.exec(pathname);
    const expiresMs = Number(query.get('Expires'));
    const given = query.get('Signature') ?? '';
    if (!m || !Number.isSafeInteger(expiresMs)) return { ok: false, reason: 'forged' };
    const grant: SignedMediaGrant = {
      recordingSid: m[1],
      requestedChannels: query.get('RequestedChannels'),
      expiresMs,
    };
    const expected = Buffer.from(this.signature(grant));
    const actual = Buffer.from(given);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return { ok: false, reason: 'forged' };
    }
    if (now > expiresMs) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }
}
