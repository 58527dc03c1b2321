import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findAccountEnvFile } from './account';

const AC = 'AC' + 'a'.repeat(32);
const SK = 'SK' + 'b'.repeat(32);

describe('findAccountEnvFile', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dcr-account-'));
  const file = (name: string, lines: string[]): string => {
    const envFile = path.join(dir, name);
    writeFileSync(envFile, lines.join('\n'));
    return envFile;
  };

  it('takes the first file with credentials, an API key as well as an auth token', () => {
    const none = file('none.env', ['ALLOWED_ORIGINS=https://flex.twilio.com']);
    const key = file('key.env', [`ACCOUNT_SID=${AC}`, `API_KEY=${SK}`, 'API_SECRET=s']);
    const token = file('token.env', [`ACCOUNT_SID=${AC}`, 'AUTH_TOKEN=t']);
    expect(findAccountEnvFile([none, path.join(dir, 'missing.env'), key, token])).toEqual({
      envFile: key,
      accountSid: AC,
    });
  });

  it('runs on the sandbox (undefined) when no file has usable credentials', () => {
    const half = file('half.env', [`ACCOUNT_SID=${AC}`, `API_KEY=${SK}`]);
    const malformed = file('malformed.env', ['ACCOUNT_SID=AC123', 'AUTH_TOKEN=t']);
    expect(findAccountEnvFile([half, malformed])).toBeUndefined();
  });
});
