/**
 * Proves from the compiled output that shared code loads the way deployed Functions need: twilio-run
 * (through the same serverless-api helper `twilio deploy` uses) lists the `.private` modules as
 * private Functions, not routes, and the route reaches them only through Runtime.getFunctions().
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fsHelpers } from '@twilio-labs/serverless-api';

const dist = path.join(__dirname, '..', '..', 'dist', 'functions');

describe('compiled Functions (dist/functions)', () => {
  it('exposes create-recording as the only public route; shared modules are private', async () => {
    const { functions } = await fsHelpers.getListOfFunctionsAndAssets(path.join(__dirname, '..', '..'), {
      functionsFolderNames: ['dist/functions'],
    });
    const byPath = Object.fromEntries(functions.map((f) => [f.path, f.access]));
    expect(byPath['/create-recording']).toBe('public');
    for (const key of [
      '/shared/config',
      '/shared/errors',
      '/shared/http',
      '/shared/retry',
      '/shared/twilio-api',
      '/shared/flex-token',
      '/recording/params',
      '/recording/authorization',
      '/recording/attributes',
      '/recording/start-recording',
    ]) {
      expect(byPath[key]).toBe('private');
    }
  });

  it('loads private code only through Runtime.getFunctions(), never by relative path', () => {
    const files = ['create-recording.js', 'recording/start-recording.private.js', 'shared/http.private.js'];
    for (const file of files) {
      const source = readFileSync(path.join(dist, file), 'utf8');
      expect(source).toContain('Runtime.getFunctions()');
      expect(source).not.toMatch(/require\(["']\.\.?\//);
    }
  });
});
