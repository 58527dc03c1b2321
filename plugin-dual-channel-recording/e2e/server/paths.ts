import { existsSync } from 'node:fs';
import path from 'node:path';

/** plugin-dual-channel-recording/ (this file is e2e/server/paths.ts). */
export const PLUGIN_DIR = path.resolve(__dirname, '..', '..');
/** The repository root (npm workspaces). */
export const REPO_ROOT = path.resolve(PLUGIN_DIR, '..');
/** The production plugin bundle that Flex would load. */
export const PLUGIN_BUNDLE = path.join(PLUGIN_DIR, 'build', 'plugin-dual-channel-recording.js');
/** The page built on the real Flex UI: its sources (`src/`) and static files (`public/`). */
export const FLEX_PAGE_DIR = path.join(PLUGIN_DIR, 'e2e', 'flexpage');
/** The built page (`npm run build:page -w plugin-dual-channel-recording`): vendor bundle, page bundle, HTML. */
export const FLEX_PAGE_DIST = path.join(FLEX_PAGE_DIR, 'dist');
/** The serverless workspace, found by its package name like any other dependency. */
export const SERVERLESS_DIR = path.dirname(require.resolve('dual-channel-rec-serverless/package.json'));
/** Built Functions and sandbox preload (`npm run build -w dual-channel-rec-serverless`). */
export const SERVERLESS_DIST = path.join(SERVERLESS_DIR, 'dist');

/** What must be built before the page can run, each with the command that builds it. */
export function missingBuilds(): string[] {
  const needs: Array<[string, string]> = [
    [PLUGIN_BUNDLE, 'npm run build -w plugin-dual-channel-recording'],
    [path.join(FLEX_PAGE_DIST, 'index.html'), 'npm run build:page -w plugin-dual-channel-recording'],
    [path.join(SERVERLESS_DIST, 'sandbox', 'preload.js'), 'npm run build -w dual-channel-rec-serverless'],
  ];
  return needs.filter(([file]) => !existsSync(file)).map(([file, command]) => `${file} (${command})`);
}
