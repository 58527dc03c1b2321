/**
 * Proves from the compiled output that shared code loads the way deployed Functions need: twilio-run
 * (through the same serverless-api helper `twilio deploy` uses) lists every `.private` module as a
 * private Function and every other file as a public route, and compiled code reaches private modules
 * only through Runtime.getFunctions(), never by a relative path (deployed paths are Twilio's choice).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fsHelpers } from '@twilio-labs/serverless-api';

const root = path.join(__dirname, '..', '..');
const src = path.join(root, 'src', 'functions');
const dist = path.join(root, 'dist', 'functions');

/** Route paths of the TypeScript sources, e.g. `/create-recording` or `/shared/http` (private). */
function sourceModules(): { route: string; isPrivate: boolean; compiled: string }[] {
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => {
      const isPrivate = file.endsWith('.private.ts');
      const route = '/' + file.replace(/\\/g, '/').replace(/(\.private)?\.ts$/, '');
      return { route, isPrivate, compiled: file.replace(/\.ts$/, '.js') };
    });
}

describe('compiled Functions (dist/functions)', () => {
  it('lists exactly the route files as public and every shared module as private', async () => {
    const { functions } = await fsHelpers.getListOfFunctionsAndAssets(root, {
      functionsFolderNames: ['dist/functions'],
    });
    const listed = Object.fromEntries(functions.map((f) => [f.path, f.access]));
    const expected = Object.fromEntries(
      sourceModules().map((m) => [m.route, m.isPrivate ? 'private' : 'public']),
    );
    expect(listed).toEqual(expected);
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining([
        '/create-recording',
        '/pause-recording',
        '/resume-recording',
        '/recording-status',
      ]),
    );
  });

  it('loads private code only through Runtime.getFunctions(), never by relative path', () => {
    for (const { compiled } of sourceModules()) {
      const source = readFileSync(path.join(dist, compiled), 'utf8');
      expect(source).not.toMatch(/require\(["']\.\.?\//);
    }
    for (const route of sourceModules().filter((m) => !m.isPrivate)) {
      expect(readFileSync(path.join(dist, route.compiled), 'utf8')).toContain('Runtime.getFunctions()');
    }
  });
});
