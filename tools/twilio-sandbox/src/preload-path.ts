import path from 'node:path';

/**
 * The built preload (`dist/preload.js`): `node --require <this>` with TWILIO_SANDBOX_URL set routes every
 * `*.twilio.com` request of that process to the sandbox. Found through the package, so it also works
 * from code bundled elsewhere. Needs `npm run build -w @dual-channel-recording/twilio-sandbox` first.
 */
export function sandboxPreloadPath(): string {
  const packageJson = require.resolve('@dual-channel-recording/twilio-sandbox/package.json');
  return path.join(path.dirname(packageJson), 'dist', 'preload.js');
}
