import { accessSync, constants, statSync } from 'node:fs';

/**
 * Where a Chromium-based browser usually is, tried in this order after `CHROMIUM_PATH`: Debian's and
 * Fedora's Chromium, Google Chrome on Linux (before Ubuntu's chromium-browser, which may be a stub
 * that only installs a snap), then the macOS applications.
 */
export const BROWSER_LOCATIONS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The one line `npm test` stops with when there is no browser. */
export const NO_BROWSER =
  'No Chromium or Chrome found for the browser tests: install one (Debian/Ubuntu: `sudo apt-get install chromium`, macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to its executable.';

/** True for an executable regular file. */
export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The browser to drive: `CHROMIUM_PATH` when set, else the first of {@link BROWSER_LOCATIONS}; or why there is none. */
export function findBrowser(
  env: Readonly<Record<string, string | undefined>> = process.env,
  isExecutable: (file: string) => boolean = isExecutableFile,
): { path: string } | { problem: string } {
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen) {
    return isExecutable(chosen)
      ? { path: chosen }
      : {
          problem: `CHROMIUM_PATH=${chosen} is not an executable file; point it at Chromium or Chrome, or unset it.`,
        };
  }
  const found = BROWSER_LOCATIONS.find(isExecutable);
  return found ? { path: found } : { problem: NO_BROWSER };
}
