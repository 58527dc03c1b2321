/**
 * The compiled pause/resume and status-callback Functions: public routes for the plugin and
 * Twilio, their shared code private, loaded only through Runtime.getFunctions().
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fsHelpers } from '@twilio-labs/serverless-api';

const dist = path.join(__dirname, '..', '..', 'dist', 'functions');

describe('compiled pause/resume and recording-status Functions', () => {
  it('exposes the three routes publicly and keeps their shared modules private', async () => {
    const { functions } = await fsHelpers.getListOfFunctionsAndAssets(path.join(__dirname, '..', '..'), {
      functionsFolderNames: ['dist/functions'],
    });
    const byPath = Object.fromEntries(functions.map((f) => [f.path, f.access]));
    for (const route of ['/pause-recording', '/resume-recording', '/recording-status']) {
      expect(byPath[route]).toBe('public');
    }
    for (const key of [
      '/shared/route',
      '/shared/task-update',
      '/recording/control-recording',
      '/recording/record-status',
      '/recording/status-callback',
    ]) {
      expect(byPath[key]).toBe('private');
    }
  });

  it('loads private code only through Runtime.getFunctions(), never by relative path', () => {
    for (const file of [
      'pause-recording.js',
      'resume-recording.js',
      'recording-status.js',
      'recording/control-recording.private.js',
      'recording/record-status.private.js',
      'recording/status-callback.private.js',
      'shared/route.private.js',
      'shared/task-update.private.js',
    ]) {
      const source = readFileSync(path.join(dist, file), 'utf8');
      expect(source).toContain('Runtime.getFunctions()');
      expect(source).not.toMatch(/require\(["']\.\.?\//);
    }
  });
});
