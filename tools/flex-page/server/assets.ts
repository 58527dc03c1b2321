import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { FLEX_PAGE_DIR, FLEX_PAGE_DIST, PLUGIN_BUNDLE } from './paths';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A file to send: its bytes, content type and how long a browser may keep it. */
export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
}

/** The plugin bundle's URL, as Flex's plugin service lists it. */
export const PLUGIN_URL = '/plugins/plugin-dual-channel-recording.js';

/** Maps a URL path to a file, only inside the folders the page may read (no `..` escapes). */
export function assetPath(urlPath: string): string | undefined {
  if (urlPath === '/' || urlPath === '/index.html') return path.join(FLEX_PAGE_DIST, 'index.html');
  if (urlPath === '/flexpage.css') return path.join(FLEX_PAGE_DIR, 'public', 'flexpage.css');
  if (urlPath === PLUGIN_URL) return PLUGIN_BUNDLE;
  if (urlPath.startsWith('/plugins/')) {
    return path.join(path.dirname(PLUGIN_BUNDLE), path.basename(urlPath));
  }
  if (urlPath.startsWith('/flexpage/')) {
    const file = path.resolve(FLEX_PAGE_DIST, `.${urlPath.slice('/flexpage'.length)}`);
    return file.startsWith(FLEX_PAGE_DIST + path.sep) ? file : undefined;
  }
  return undefined;
}

/** Reads the asset behind a URL path, or undefined when there is none. */
export async function readAsset(urlPath: string): Promise<Asset | undefined> {
  const file = assetPath(urlPath);
  if (!file) return undefined;
  try {
    const body = await readFile(file);
    // The Flex vendor bundle's name carries its content hash: a browser may keep it (17 MB).
    const immutable = path.basename(file).startsWith('flex-vendor-');
    return {
      body,
      contentType: TYPES[path.extname(file)] ?? 'application/octet-stream',
      cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    };
  } catch {
    return undefined;
  }
}

/**
 * The page's Content-Security-Policy: scripts, styles and data from this server only, and requests to
 * `connectOrigins` (the Functions, and Twilio's media host for recordings). Flex UI fetches fonts, country lists and ringtones from Twilio's CDNs as it starts; the
 * page never reaches a Twilio host (the sandbox is the only Twilio here), so the browser refuses them.
 * Flex compiles its Handlebars templates at run time (`unsafe-eval`) and its components inject styles.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...connectOrigins].join(' '),
    "media-src 'self' blob:",
  ].join('; ');
}
