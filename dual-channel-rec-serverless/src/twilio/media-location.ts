/**
 * Where a browser can play a recording: the Recordings API answers an authenticated media request
 * with a redirect to a short-lived URL (the account enforces HTTP auth on media), or serves the
 * media itself (it does not, and the URL is public). Only the status line and headers are read: the
 * media is never downloaded, so no Function response carries audio (4 MB cap) and no Function time
 * is spent streaming it. Node's http client is used because the twilio SDK follows redirects.
 */
import http from 'node:http';
import https from 'node:https';
import type { Config } from '../config/settings';
import { TwilioApiError } from './errors';

/** The media host the SDK would use for this region and edge (`api[.edge][.region].twilio.com`). */
export function mediaHost(region: string | undefined, edge: string | undefined): string {
  if (!region && !edge) return 'api.twilio.com';
  return ['api', edge, region ?? 'us1', 'twilio.com'].filter(Boolean).join('.');
}

/** The recording's media URL (WAV; `RequestedChannels=2` keeps customer and agent apart). */
export function mediaUrl(
  host: string,
  accountSid: string,
  recordingSid: string,
  requestedChannels: 1 | 2,
): string {
  return `https://${host}/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}.wav?RequestedChannels=${requestedChannels}`;
}

function basicAuth(credentials: Config['credentials']): string {
  const pair =
    credentials.kind === 'auth_token'
      ? `${credentials.accountSid}:${credentials.authToken}`
      : `${credentials.apiKey}:${credentials.apiSecret}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** Asks for the media with the Functions' credentials and answers the playable link (see file comment). */
export function readMediaLocation(
  settings: Pick<Config, 'credentials' | 'region' | 'edge'>,
  accountSid: string,
  recordingSid: string,
  requestedChannels: 1 | 2,
): Promise<string> {
  const url = mediaUrl(
    mediaHost(settings.region, settings.edge),
    accountSid,
    recordingSid,
    requestedChannels,
  );
  const target = new URL(url);
  const client = target.protocol === 'http:' ? http : https;
  return new Promise<string>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'GET',
        headers: { Authorization: basicAuth(settings.credentials), Accept: '*/*' },
        timeout: 5000,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        // Never read the audio: the status line and headers say everything needed.
        response.destroy();
        if (status >= 300 && status < 400 && typeof location === 'string' && location !== '') {
          resolve(new URL(location, url).toString());
        } else if (status === 200) {
          resolve(url);
        } else if (status === 404) {
          reject(new TwilioApiError('The recording media was not found', 404, 20404));
        } else {
          reject(new TwilioApiError(`Twilio answered the media request with HTTP ${status}`, status));
        }
      },
    );
    request.on('timeout', () => request.destroy(new Error('ETIMEDOUT')));
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new TwilioApiError(
          `The media request failed: ${error.message}`,
          0,
          undefined,
          undefined,
          error.code ?? 'ECONNRESET',
        ),
      ),
    );
    request.end();
  });
}
