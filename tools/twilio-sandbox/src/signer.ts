import { createHmac } from 'node:crypto';

/** Form parameters of a webhook (a repeated key carries several values). */
export type WebhookParams = Record<string, string | string[]>;

/**
 * Computes `X-Twilio-Signature` per Twilio's algorithm: the full URL (with query string), then each
 * POST parameter sorted by name with its value appended (every value of a repeated key, in order),
 * HMAC-SHA1 keyed by the account's auth token, base64.
 */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    for (const v of Array.isArray(value) ? value : [value]) data += key + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
