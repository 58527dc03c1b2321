/**
 * Proves from the built output what `twilio serverless:deploy --functions-folder dist/functions`
 * uploads, with the Serverless Toolkit's own code (@twilio-labs/serverless-api, which twilio-run's
 * deploy calls): exactly the six public routes and nothing else, each a self-contained bundle whose
 * only `require`s are Node built-ins and packages Twilio installs from `dependencies`, and a
 * `dependencies` list of exactly what the bundles require (the contract package, a workspace of its
 * own, is bundled in, never uploaded or installed). Then it serves a copy of
 * the folder, away from the source tree, under twilio-run and checks every route answers.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fsHelpers, getDependencies } from '@twilio-labs/serverless-api';
import { startStack } from '@dual-channel-recording/local-stack';
import type { Stack } from '@dual-channel-recording/local-stack';
import { postFunction } from '../helpers/functions-http';

const root = path.join(__dirname, '..', '..');
const dist = path.join(root, 'dist', 'functions');
const ROUTES = [
  '/create-recording',
  '/pause-recording',
  '/playback-recording',
  '/recording-status',
  '/resume-recording',
  '/task-events',
];
// Twilio reads the runtime version from it; no Function requires it.
const RUNTIME_HANDLER = '@twilio/runtime-handler';

const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
/** What deploy sends Twilio to install: the same helper twilio-run's deploy uses. */
const deployed = getDependencies(packageJson).map((d) => d.name);

/** The package a `require` names (`twilio/lib/x` → twilio, `@scope/p/x` → @scope/p). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every `require(...)` in a bundle; a non-literal one would be listed as `<dynamic>`. */
function requiresOf(source: string): string[] {
  const calls = source.match(/\brequire\s*\(/g) ?? [];
  const literal = [...source.matchAll(/\brequire\s*\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]);
  return calls.length === literal.length ? literal : [...literal, '<dynamic>'];
}

function isBuiltin(specifier: string): boolean {
  return builtinModules.includes(specifier.replace(/^node:/, ''));
}

describe('built Functions (dist/functions), as deploy uploads them', () => {
  it('are exactly the six routes, all public, and the folder holds nothing else', async () => {
    const { functions, assets } = await fsHelpers.getListOfFunctionsAndAssets(root, {
      functionsFolderNames: ['dist/functions'],
    });
    // No assets folder: nothing else of this folder (src/, tests/) would be uploaded.
    expect(assets).toEqual([]);
    const listed = Object.fromEntries(functions.map((f) => [f.path, f.access]));
    expect(listed).toEqual(Object.fromEntries(ROUTES.map((route) => [route, 'public'])));
    const sources = readdirSync(path.join(root, 'src', 'functions'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => `/${file.replace(/\.ts$/, '')}`);
    expect(sources.sort()).toEqual(ROUTES);
    expect(readdirSync(dist, { recursive: true }).sort()).toEqual(ROUTES.map((r) => `${r.slice(1)}.js`));
  });

  it.each(ROUTES)('%s requires only Node built-ins and packages in dependencies', (route) => {
    const requires = requiresOf(readFileSync(path.join(dist, `${route}.js`), 'utf8'));
    const outside = requires.filter((r) => !isBuiltin(r) && !deployed.includes(packageOf(r)));
    // A relative require would name a file deploy never uploads; `<dynamic>` one nobody can check.
    expect(outside).toEqual([]);
    expect(requires).toContain('twilio');
  });

  it(`dependencies hold exactly what the bundles require, plus ${RUNTIME_HANDLER}`, () => {
    const used = new Set(
      ROUTES.flatMap((route) => requiresOf(readFileSync(path.join(dist, `${route}.js`), 'utf8')))
        .filter((r) => !isBuiltin(r))
        .map(packageOf),
    );
    const unused = deployed.filter((name) => !used.has(name) && name !== RUNTIME_HANDLER);
    expect(unused).toEqual([]);
    expect(deployed).toContain(RUNTIME_HANDLER);
    // The workspaces' own packages are bundled, never installed by Twilio (they are not published).
    expect(deployed.filter((name) => name.startsWith('@dual-channel-recording/'))).toEqual([]);
  });
});

describe('a copy of dist/functions, away from the source tree, under twilio-run', () => {
  let folder: string;
  let stack: Stack;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'dcr-deployed-'));
    for (const file of readdirSync(dist)) copyFileSync(path.join(dist, file), path.join(folder, file));
    stack = await startStack({ functionsFolder: folder });
  }, 40_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['/create-recording', '/pause-recording', '/resume-recording'])(
    '%s answers a request without taskSid with 400 naming it, with CORS for Flex',
    async (route) => {
      const reply = await postFunction(stack, route, { Token: 'not-checked-before-parameters' });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'invalid_parameter', field: 'taskSid' });
      expect(reply.headers.get('access-control-allow-origin')).toBe('https://flex.twilio.com');
    },
    20_000,
  );

  it('/playback-recording answers a request without recordingSid with 400 naming it', async () => {
    const res = await fetch(`${stack.functionsUrl}/playback-recording`, {
      headers: { Origin: 'https://flex.twilio.com' },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid_parameter', field: 'recordingSid' });
  }, 20_000);

  it('/task-events refuses a delivery without the sink credentials (500 naming EVENTS_SINK_PASSWORD when unset)', async () => {
    const reply = await postFunction(stack, '/task-events', { 0: { type: 'x' } }, { origin: null });
    expect(reply.status).toBe(500);
    expect(reply.body).toMatchObject({ code: 'missing_setting', setting: 'EVENTS_SINK_PASSWORD' });
  }, 20_000);

  it('/recording-status answers an unsigned callback with 403 invalid_signature', async () => {
    const reply = await postFunction(stack, '/recording-status', { RecordingSid: 'RE1' }, { origin: null });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ code: 'invalid_signature' });
  }, 20_000);
});
