import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import type { BuildOptions, Plugin } from 'esbuild';
import { build } from 'esbuild';

import { FLEX_PAGE_DIST, FLEX_PAGE_DIR, PLUGIN_DIR } from './paths';

/**
 * The packages the vendor bundle holds and hands to the page (and to the plugin bundle, through the
 * `React` / `ReactDOM` globals): one copy of each on the page, the one Flex was bundled with.
 */
export const VENDOR_MODULES = [
  '@twilio/flex-ui',
  'react',
  'react-dom',
  'react-redux',
  '@reduxjs/toolkit',
] as const;

/** What a build produced: file names under `dist/`, sizes, and whether the vendor bundle was reused. */
export interface FlexPageBuild {
  readonly vendorFile: string;
  readonly vendorBytes: number;
  readonly vendorReused: boolean;
  readonly pageBytes: number;
  readonly flexVersion: string;
  readonly seconds: number;
}

const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

/** Options both bundles share: a browser script, production React, and Node's `process` where Flex reads it. */
const COMMON: BuildOptions = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  // Some of Flex's dependencies read `process` (process.browser, nextTick) at run time.
  inject: [path.join(FLEX_PAGE_DIR, 'src', 'vendor', 'processShim.ts')],
};

/**
 * The vendor bundle's name: Flex UI's version plus a hash of everything that goes into it (its entry,
 * the versions of the packages it holds, esbuild's version and options), so it is rebuilt only when one
 * of them changes.
 */
function vendorFileName(): string {
  const entryDir = path.join(FLEX_PAGE_DIR, 'src', 'vendor');
  const hash = createHash('sha256');
  for (const file of readdirSync(entryDir).sort()) hash.update(readFileSync(path.join(entryDir, file)));
  for (const pkg of [...VENDOR_MODULES, 'handlebars', 'esbuild']) hash.update(`${pkg}@${versionOf(pkg)}`);
  hash.update(JSON.stringify(COMMON));
  return `flex-vendor-${versionOf('@twilio/flex-ui')}-${hash.digest('hex').slice(0, 12)}.js`;
}

/** Resolves the vendor packages to the page's `window.__flexPageVendor` instead of bundling them twice. */
const fromVendor: Plugin = {
  name: 'flex-page-vendor',
  setup(bundler) {
    const names = VENDOR_MODULES.map((m) => m.replace(/[/@.-]/g, (c) => `\\${c}`)).join('|');
    bundler.onResolve({ filter: new RegExp(`^(${names})$`) }, (args) => ({
      path: args.path,
      namespace: 'flex-page-vendor',
    }));
    bundler.onLoad({ filter: /.*/, namespace: 'flex-page-vendor' }, (args) => ({
      contents: `module.exports = window.__flexPageVendor[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

/**
 * Builds the page that runs the plugin inside the real Flex UI: the vendor bundle (the installed
 * `@twilio/flex-ui` and the React / Redux packages it needs, ~17 MB minified, built once per Flex version
 * and reused) and the page itself (the driver, the sandbox edge and the page's own panels), then
 * `dist/index.html` naming both.
 */
export async function buildFlexPage(log: (line: string) => void = () => undefined): Promise<FlexPageBuild> {
  const started = Date.now();
  mkdirSync(FLEX_PAGE_DIST, { recursive: true });
  const vendorFile = vendorFileName();
  const vendorPath = path.join(FLEX_PAGE_DIST, vendorFile);
  const vendorReused = existsSync(vendorPath);
  if (!vendorReused) {
    log(
      `flex page: bundling @twilio/flex-ui ${versionOf('@twilio/flex-ui')} for the browser (once per version)`,
    );
    for (const old of readdirSync(FLEX_PAGE_DIST).filter((f) => f.startsWith('flex-vendor-'))) {
      rmSync(path.join(FLEX_PAGE_DIST, old));
    }
    await build({
      ...COMMON,
      entryPoints: [path.join(FLEX_PAGE_DIR, 'src', 'vendor', 'vendor.ts')],
      outfile: `${vendorPath}.partial`,
      minify: true,
      legalComments: 'none',
    });
    // Renamed only once complete, so a build cut short is never taken for a cached one.
    renameSync(`${vendorPath}.partial`, vendorPath);
  }
  await build({
    ...COMMON,
    entryPoints: [path.join(FLEX_PAGE_DIR, 'src', 'main.tsx')],
    outfile: path.join(FLEX_PAGE_DIST, 'page.js'),
    sourcemap: true,
    plugins: [fromVendor],
    tsconfig: path.join(PLUGIN_DIR, 'tsconfig.json'),
  });
  const html = readFileSync(path.join(FLEX_PAGE_DIR, 'public', 'index.html'), 'utf8').replace(
    '%FLEX_VENDOR%',
    vendorFile,
  );
  writeFileSync(path.join(FLEX_PAGE_DIST, 'index.html'), html);
  return {
    vendorFile,
    vendorBytes: statSync(vendorPath).size,
    vendorReused,
    pageBytes: statSync(path.join(FLEX_PAGE_DIST, 'page.js')).size,
    flexVersion: versionOf('@twilio/flex-ui'),
    seconds: (Date.now() - started) / 1000,
  };
}
