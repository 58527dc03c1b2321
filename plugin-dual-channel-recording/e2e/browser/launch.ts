import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, LaunchOptions } from 'playwright-core';
import { chromium } from 'playwright-core';
import { findBrowser } from './findBrowser';

/**
 * Headless and nothing that phones home (no QUIC, background networking, component updates or sync):
 * the flags the browser tests, the benchmark and Playwright Test's config all launch with.
 */
export const BROWSER_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch options for an installed Chromium or Chrome, with its own HOME/XDG folders under `home`. */
export function browserLaunchOptions(home: string): LaunchOptions {
  const found = findBrowser();
  if ('problem' in found) throw new Error(found.problem);
  return {
    executablePath: found.path,
    headless: true,
    args: [...BROWSER_ARGS],
    // Chromium writes to ~/.config and ~/.cache: keep it out of the user's.
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
    },
  };
}

/** A scratch HOME for one browser; remove it with {@link removeBrowserHome} when the browser is closed. */
export const makeBrowserHome = (): string => mkdtempSync(path.join(os.tmpdir(), 'dcr-chromium-'));

/** Removes a scratch HOME made by {@link makeBrowserHome}. */
export const removeBrowserHome = (home: string): void => rmSync(home, { recursive: true, force: true });

/** A browser and the scratch folder it writes its profile and caches to. */
export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Launches the installed browser (for the benchmark; Playwright Test launches its own from the config). */
export async function launchBrowser(): Promise<TestBrowser> {
  const home = makeBrowserHome();
  const browser = await chromium.launch(browserLaunchOptions(home));
  return {
    browser,
    close: async () => {
      await browser.close();
      removeBrowserHome(home);
    },
  };
}
