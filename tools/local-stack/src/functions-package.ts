import path from 'node:path';

/**
 * The Functions workspace (dual-channel-rec-serverless): twilio-run serves its `dist/functions` from
 * there, with its package.json naming what a deploy installs, and real credentials are read from its
 * `.env`. Found through the package, not by a relative path.
 */
export function packageRoot(): string {
  return path.dirname(require.resolve('dual-channel-rec-serverless/package.json'));
}
