import type { ApiName } from './openapi/types';

/** Header the preload adds with the host the client meant to reach (e.g. api.dublin.ie1.twilio.com). */
export const ORIGINAL_HOST_HEADER = 'x-sandbox-original-host';

/**
 * Picks the Twilio API for a request: by the original host's first label (`api`, `taskrouter`,
 * `iam`, `insights`, `intelligence`, `sync`, including region/edge hosts), else by path for direct calls to the sandbox's own address.
 */
export function apiFor(host: string | undefined, pathname: string): ApiName | undefined {
  const name = (host ?? '').split(':')[0].toLowerCase();
  if (name === 'twilio.com' || name.endsWith('.twilio.com')) {
    const label = name.split('.')[0];
    if (
      label === 'api' ||
      label === 'taskrouter' ||
      label === 'iam' ||
      label === 'insights' ||
      label === 'intelligence' ||
      label === 'sync'
    )
      return label;
    if (label === 'flex-api') return 'flex';
    return undefined;
  }
  if (pathname.startsWith('/2010-04-01/')) return 'api';
  if (pathname.startsWith('/v1/Workspaces/')) return 'taskrouter';
  if (/^\/v1\/Accounts\/[^/]+\/Tokens\//.test(pathname)) return 'iam';
  if (pathname === '/v1/Configuration') return 'flex';
  if (pathname.startsWith('/v1/Conferences/')) return 'insights';
  if (pathname.startsWith('/v2/Transcripts')) return 'intelligence';
  if (pathname === '/v1/Services' || pathname.startsWith('/v1/Services/')) return 'sync';
  return undefined;
}
