import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { PLUGIN_BUNDLE, STANDIN_DIST, STANDIN_PUBLIC } from './paths';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A file to send: its bytes and content type. */
export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The React 17 UMD builds, which Flex also exposes as page globals. */
const VENDOR: Readonly<Record<string, string>> = {
  '/vendor/react.js': require.resolve('react/umd/react.production.min.js'),
  '/vendor/react-dom.js': require.resolve('react-dom/umd/react-dom.production.min.js'),
};

/** Maps a URL path to a file, only inside the folders the page may read (no `..` escapes). */
export function assetPath(urlPath: string): string | undefined {
  if (urlPath === '/' || urlPath === '/index.html') return path.join(STANDIN_PUBLIC, 'index.html');
  if (urlPath === '/standin.css') return path.join(STANDIN_PUBLIC, 'standin.css');
  if (VENDOR[urlPath]) return VENDOR[urlPath];
  if (urlPath === '/plugins/plugin-dual-channel-recording.js') return PLUGIN_BUNDLE;
  if (urlPath.startsWith('/plugins/')) {
    return path.join(path.dirname(PLUGIN_BUNDLE), path.basename(urlPath));
  }
  if (urlPath.startsWith('/standin/')) {
    const file = path.resolve(STANDIN_DIST, `.${urlPath.slice('/standin'.length)}`);
    return file.startsWith(STANDIN_DIST + path.sep) ? file : undefined;
  }
  return undefined;
}

/** Reads the asset behind a URL path, or undefined when there is none. */
export async function readAsset(urlPath: string): Promise<Asset | undefined> {
  const file = assetPath(urlPath);
  if (!file) return undefined;
  try {
    const body = await readFile(file);
    return { body, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
