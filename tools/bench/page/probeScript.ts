import path from 'node:path';

import { buildSync } from 'esbuild';

import { PLUGIN_DIR } from '@dual-channel-recording/flex-page/server/paths';
import type { ProbeConfig } from './probeTypes';
import { PROBE_GLOBAL } from './probeTypes';

/** sourceURLs of the two injected scripts: stacks name them, which attributes timers to them. */
export const PROBE_SOURCE = 'dcr-bench-probe.js';
export const BASELINE_SOURCE = 'dcr-bench-baseline.js';

/**
 * Bundles one TypeScript file into a CommonJS body for the page: this repository's packages it imports
 * (the contract's pure helpers) are inlined; anything else left as a run-time require is refused, since
 * the page has no module loader.
 */
function bundleForPage(file: string): string {
  const [output] = buildSync({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'browser',
    target: 'es2019',
    logLevel: 'silent',
  }).outputFiles;
  const text = output.text;
  if (/\brequire\(/.test(text)) throw new Error(`${file} imports at run time; the page cannot load it`);
  return text;
}

/** Wraps a CommonJS body so that it evaluates to its exports. */
const asModule = (body: string): string =>
  `(function () { var module = { exports: {} }; var exports = module.exports; ${body}\nreturn module.exports; })()`;

/** The two init scripts for one page: the probe (with the plugin's pure modules) and the baseline. */
export interface ProbeScripts {
  readonly probe: string;
  readonly baseline: string;
}

/**
 * Builds the init scripts from source, so the probe evaluates exactly the plugin's `selectLeg` and
 * `callSnapshot` (src/recording/legs.ts, src/flex-hooks/flexAdapter.ts) and nothing is hand-copied.
 */
export function buildProbeScripts(channel: ProbeConfig['channel']): ProbeScripts {
  const config: ProbeConfig = {
    channel,
    bundlePath: '/plugins/plugin-dual-channel-recording.js',
    baselineSource: BASELINE_SOURCE,
    probeSource: PROBE_SOURCE,
    pollMs: 100,
    pollLimitMs: 60_000,
  };
  const src = (...parts: string[]): string => path.join(PLUGIN_DIR, ...parts);
  const here = (name: string): string => path.join(__dirname, name);
  const legs = asModule(bundleForPage(src('src', 'recording', 'legs.ts')));
  const adapter = asModule(bundleForPage(src('src', 'flex-hooks', 'flexAdapter.ts')));
  const probe = asModule(bundleForPage(here('probe.ts')));
  const baseline = asModule(bundleForPage(here('baseline.ts')));
  const global = JSON.stringify(PROBE_GLOBAL);
  return {
    probe:
      `(function () {\nvar modules = { legs: ${legs}, adapter: ${adapter} };\n` +
      `${probe}.installProbe(modules, ${JSON.stringify(config)}, ${global});\n})();\n//# sourceURL=${PROBE_SOURCE}\n`,
    baseline: `${baseline}.installBaseline(${global});\n//# sourceURL=${BASELINE_SOURCE}\n`,
  };
}
