import { readFileSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

import { PLUGIN_DIR } from '@dual-channel-recording/flex-page/server/paths';
import type { ProbeConfig } from './probeTypes';
import { PROBE_GLOBAL } from './probeTypes';

/** sourceURLs of the two injected scripts: stacks name them, which attributes timers to them. */
export const PROBE_SOURCE = 'dcr-bench-probe.js';
export const BASELINE_SOURCE = 'dcr-bench-baseline.js';

/** Transpiles one TypeScript file to a CommonJS body (type-only imports vanish; no others allowed). */
function transpile(file: string): string {
  const source = readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2019 },
  });
  if (/\brequire\(/.test(outputText)) throw new Error(`${file} imports at run time; the page cannot load it`);
  return outputText;
}

/** Wraps a CommonJS body so that it evaluates to its exports. */
const asModule = (body: string): string => `(function () { var exports = {}; ${body}\nreturn exports; })()`;

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
  const legs = asModule(transpile(src('src', 'recording', 'legs.ts')));
  const adapter = asModule(transpile(src('src', 'flex-hooks', 'flexAdapter.ts')));
  const probe = asModule(transpile(here('probe.ts')));
  const baseline = asModule(transpile(here('baseline.ts')));
  const global = JSON.stringify(PROBE_GLOBAL);
  return {
    probe:
      `(function () {\nvar modules = { legs: ${legs}, adapter: ${adapter} };\n` +
      `${probe}.installProbe(modules, ${JSON.stringify(config)}, ${global});\n})();\n//# sourceURL=${PROBE_SOURCE}\n`,
    baseline: `${baseline}.installBaseline(${global});\n//# sourceURL=${BASELINE_SOURCE}\n`,
  };
}
