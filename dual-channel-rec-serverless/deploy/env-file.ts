import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads a `.env` file with Node's own dotenv parser (the syntax `node --env-file` accepts); a missing
 * file reads as empty. Shared by both `npm start`s, `npm run deploy` and the e2e launcher; the
 * recordings CLI, a workspace of its own, calls `util.parseEnv` itself (recordings-cli/src/config.ts).
 */
export function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (value !== undefined) values[key] = value;
  }
  return values;
}
