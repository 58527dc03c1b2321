import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads a `.env` file into a map (KEY=value lines, `#` comments, optional quotes); a missing file is
 * an empty map. Deliberately small: the scripts only need to see what an admin configured.
 */
export function readDotenv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    out[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}
