import { existsSync } from 'node:fs';
import path from 'node:path';
import { sandboxPreloadPath } from '@dual-channel-recording/twilio-sandbox/preload-path';

/** The plugin workspace, found by its package name like any other dependency. */
export const PLUGIN_DIR = path.dirname(require.resolve('plugin-dual-channel-recording/package.json'));
/** The repository root (npm workspaces). */
export const REPO_ROOT = path.resolve(PLUGIN_DIR, '..');
/** This workspace (tools/flex-page). */
const FLEX_PAGE_WORKSPACE = path.resolve(__dirname, '..');
/** The production plugin bundle that Flex would load. */
export const PLUGIN_BUNDLE = path.join(PLUGIN_DIR, 'build', 'plugin-dual-channel-recording.js');
/** The page built on the real Flex UI: its sources (`src/`) and static files (`public/`). */
export const FLEX_PAGE_DIR = path.join(FLEX_PAGE_WORKSPACE, 'page');
/** The built page (`npm run build -w @dual-channel-recording/flex-page`): vendor bundle, page bundle, HTML. */
export const FLEX_PAGE_DIST = path.join(FLEX_PAGE_DIR, 'dist');
/** The serverless workspace, found by its package name like any other dependency. */
export const SERVERLESS_DIR = path.dirname(require.resolve('dual-channel-rec-serverless/package.json'));
/** Built Functions (`npm run build -w dual-channel-rec-serverless`). */
export const SERVERLESS_DIST = path.join(SERVERLESS_DIR, 'dist');

/** What must be built before the page can run, each with the command that builds it. */
export function missingBuilds(): string[] {
  const needs: Array<[string, string]> = [
    [PLUGIN_BUNDLE, 'npm run build -w plugin-dual-channel-recording'],
    [path.join(FLEX_PAGE_DIST, 'index.html'), 'npm run build -w @dual-channel-recording/flex-page'],
    [path.join(SERVERLESS_DIST, 'functions'), 'npm run build -w dual-channel-rec-serverless'],
    [sandboxPreloadPath(), 'npm run build -w @dual-channel-recording/twilio-sandbox'],
  ];
  return needs.filter(([file]) => !existsSync(file)).map(([file, command]) => `${file} (${command})`);
}
