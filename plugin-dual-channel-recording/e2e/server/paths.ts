import { existsSync } from 'node:fs';
import path from 'node:path';

/** plugin-dual-channel-recording/ (this file is e2e/server/paths.ts). */
export const PLUGIN_DIR = path.resolve(__dirname, '..', '..');
/** The repository root (npm workspaces). */
export const REPO_ROOT = path.resolve(PLUGIN_DIR, '..');
/** The production plugin bundle that Flex would load. */
export const PLUGIN_BUNDLE = path.join(PLUGIN_DIR, 'build', 'plugin-dual-channel-recording.js');
/** The compiled stand-in (`tsc -p e2e/standin`). */
export const STANDIN_DIST = path.join(PLUGIN_DIR, 'e2e', 'standin', 'dist');
/** The stand-in's static files (HTML, CSS). */
export const STANDIN_PUBLIC = path.join(PLUGIN_DIR, 'e2e', 'standin', 'public');
/** The serverless workspace, found by its package name like any other dependency. */
export const SERVERLESS_DIR = path.dirname(require.resolve('dual-channel-rec-serverless/package.json'));
/** Built Functions and sandbox preload (`npm run build --prefix dual-channel-rec-serverless`). */
export const SERVERLESS_DIST = path.join(SERVERLESS_DIR, 'dist');

/** What must be built before the stand-in can run, each with the command that builds it. */
export function missingBuilds(): string[] {
  const needs: Array<[string, string]> = [
    [PLUGIN_BUNDLE, 'npm run build -w plugin-dual-channel-recording'],
    [path.join(STANDIN_DIST, 'main.js'), 'npx tsc -p plugin-dual-channel-recording/e2e/standin'],
    [
      path.join(SERVERLESS_DIST, 'sandbox', 'preload.js'),
      'npm run build --prefix dual-channel-rec-serverless',
    ],
  ];
  return needs.filter(([file]) => !existsSync(file)).map(([file, command]) => `${file} (${command})`);
}
