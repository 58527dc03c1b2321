import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { PLUGIN_BUNDLE } from '@dual-channel-recording/flex-page/server/paths';

/** Figure 5: the production bundle's bytes, raw and gzip (level 9, as scripts/bundle-size.js). */
export interface BundleFigure {
  readonly files: ReadonlyArray<{ readonly name: string; readonly raw: number; readonly gzip: number }>;
  readonly raw: number;
  readonly gzip: number;
}

/** Measures every `build/*.js` file (the plugin bundle and any chunk it loads). */
export function bundleFigure(): BundleFigure {
  const dir = path.dirname(PLUGIN_BUNDLE);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  return {
    files,
    raw: files.reduce((sum, f) => sum + f.raw, 0),
    gzip: files.reduce((sum, f) => sum + f.gzip, 0),
  };
}
