import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The dual-channel-rec-serverless folder, found from this file (works from src and compiled output). */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'dual-channel-rec-serverless'
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error(`dual-channel-rec-serverless/package.json not found above ${__dirname}`);
    dir = parent;
  }
}
