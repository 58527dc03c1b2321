import { browserRoute } from '../http/browser-route';
import { parseAuthorizationToken } from '../http/flex-token';
import { runtimeHeaders } from '../http/request';
import { parsePlaybackParams } from '../http/route-params';
import { runPlaybackRecording } from '../routes/playback-recording';

/**
 * GET /playback-recording?recordingSid=RE…&taskSid=WT…: the Flex Insights player's `url_provider`.
 * Authorizes the viewer's Flex token, read from `Authorization: Basic` of `token:<JWE>` only (never
 * from the query string, which ends up in logs), and answers `{ "media_url": … }`, a short-lived
 * link to the recording that needs no credentials.
 */
export const handler = browserRoute({
  name: 'playback-recording',
  parse: parsePlaybackParams,
  run: runPlaybackRecording,
  readToken: (event) => parseAuthorizationToken(runtimeHeaders(event)),
});
