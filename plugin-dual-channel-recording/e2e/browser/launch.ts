import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { findBrowser } from './findBrowser';

/** A browser and the scratch folder it writes its profile and caches to. */
export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless chromium with its own HOME/XDG folders (it writes ~/.config and ~/.cache) and
 * nothing that phones home: no QUIC, background networking, component updates or sync.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  // An installed Chromium or Chrome (findBrowser.ts): Playwright's own browser downloads are not used.
  const found = findBrowser();
  if ('problem' in found) throw new Error(found.problem);
  const home = mkdtempSync(path.join(os.tmpdir(), 'dcr-chromium-'));
  const browser = await chromium.launch({
    executablePath: found.path,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
    },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
