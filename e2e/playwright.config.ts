import path from 'node:path';

import { defineConfig } from '@playwright/test';

/** test-artifacts/ at the repository root (gitignored): screenshots, the fault matrix, traces, the report. */
const ARTIFACTS = path.resolve(__dirname, '..', 'test-artifacts');

/**
 * The browser suites on Playwright Test: the production plugin bundle inside the real Flex UI page, in the
 * installed Chromium (browser/fixtures.ts launches it with `executablePath`), against the Functions and the
 * local Twilio sandbox. `npm run test:e2e` at the repository root builds everything first.
 *
 * Two workers, each with its own stack and browser; the fault matrix's cells are shared out between them.
 * Each worker runs a whole product (sandbox, twilio-run, the page, Chromium), so more than two crowd a
 * 2-core machine. `E2E_WORKERS` sets another count.
 */
export default defineConfig({
  testDir: path.join(__dirname, 'browser'),
  testMatch: '**/*.e2e.test.ts',
  // Picks the browser (installed, else the npm package's) and prints which one the run uses.
  globalSetup: path.join(__dirname, 'browser', 'globalSetup.ts'),
  outputDir: path.join(ARTIFACTS, 'e2e', 'results'),
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // A retry is reported as flaky in the HTML report, never hidden.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['html', { outputFolder: path.join(ARTIFACTS, 'e2e', 'report'), open: 'never' }],
    // The fault matrix's table, test-artifacts/fault-matrix.md, from the cells' annotations.
    [path.join(__dirname, 'browser', 'matrix', 'matrixReporter.ts')],
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 1000 },
    // The budget every wait had under jest (Playwright's default before): a Function call with retries fits it.
    actionTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
