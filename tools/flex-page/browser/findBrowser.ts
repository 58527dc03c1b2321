import { isExecutableFile } from './executable';
import {
  PACKAGED_CHROMIUM,
  packagedChromiumDir,
  packagedChromiumFits,
  packagedChromiumPackage,
  packagedExecutable,
} from './packagedChromium';

export { isExecutableFile } from './executable';

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

/**
 * The one line `npm test` stops with when there is no browser and the npm package's Linux build does
 * not fit the machine, with the one command that gets one there.
 */
export function noBrowser(platform: NodeJS.Platform): string {
  const command =
    platform === 'darwin'
      ? 'run `brew install --cask google-chrome`'
      : platform === 'linux'
        ? 'run `sudo apt-get install chromium`'
        : 'install Chrome';
  return `No Chromium or Chrome found for the browser tests, and ${PACKAGED_CHROMIUM} ships Linux x64/arm64 builds only: ${command}, or set CHROMIUM_PATH to a Chromium or Chrome executable.`;
}

/** Where the browser a run drives comes from. */
export type BrowserSource = 'CHROMIUM_PATH' | 'installed' | 'npm';

/** The browser a run drives. */
export interface FoundBrowser {
  readonly path: string;
  readonly source: BrowserSource;
  /** For `npm`: the package version, and whether it is unpacked yet (`ensureBrowser` unpacks it). */
  readonly packageVersion?: string;
  readonly unpacked?: boolean;
}

/** The machine `findBrowser` looks at (injected by tests). */
export interface BrowserHost {
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** The installed npm package with a browser in it, if any. */
  readonly packaged: () => { dir: string; version: string } | undefined;
}

const THIS_MACHINE: BrowserHost = {
  platform: process.platform,
  arch: process.arch,
  packaged: packagedChromiumPackage,
};

/**
 * The browser to drive: `CHROMIUM_PATH` when set, else the first of {@link BROWSER_LOCATIONS}, else the
 * headless Chromium inside the npm package {@link PACKAGED_CHROMIUM} (Linux x64/arm64); or why there is none.
 */
export function findBrowser(
  env: Readonly<Record<string, string | undefined>> = process.env,
  isExecutable: (file: string) => boolean = isExecutableFile,
  host: BrowserHost = THIS_MACHINE,
): FoundBrowser | { problem: string } {
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen) {
    return isExecutable(chosen)
      ? { path: chosen, source: 'CHROMIUM_PATH' }
      : {
          problem: `CHROMIUM_PATH=${chosen} is not an executable file; point it at Chromium or Chrome, or unset it.`,
        };
  }
  const found = BROWSER_LOCATIONS.find(isExecutable);
  if (found) return { path: found, source: 'installed' };
  if (!packagedChromiumFits(host.platform, host.arch)) return { problem: noBrowser(host.platform) };
  const pkg = host.packaged();
  if (!pkg) {
    return {
      problem: `No Chromium or Chrome found for the browser tests, and ${PACKAGED_CHROMIUM} is not installed: run \`npm ci\` at the repository root, or set CHROMIUM_PATH.`,
    };
  }
  const executable = packagedExecutable(packagedChromiumDir(pkg.version, host.arch));
  return { path: executable, source: 'npm', packageVersion: pkg.version, unpacked: isExecutable(executable) };
}

/** One line naming the browser a run drives and where it came from (printed by every run). */
export function describeBrowser(found: FoundBrowser, version?: string): string {
  const named = version ? `Chromium ${version}` : 'Chromium';
  switch (found.source) {
    case 'CHROMIUM_PATH':
      return `${named} at CHROMIUM_PATH=${found.path}`;
    case 'installed':
      return `${named} installed at ${found.path}`;
    case 'npm':
      return `${named} from the npm package ${PACKAGED_CHROMIUM}@${found.packageVersion ?? '?'} (no Chromium or Chrome installed), unpacked at ${found.path}`;
  }
}
