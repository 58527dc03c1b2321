import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BROWSER_LOCATIONS, NO_BROWSER, findBrowser, isExecutableFile } from './findBrowser';

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, and says so when it is not an executable', () => {
    expect(findBrowser({ CHROMIUM_PATH: '/opt/my/chrome' }, (file) => file === '/opt/my/chrome')).toEqual({
      path: '/opt/my/chrome',
    });
    const wrong = findBrowser({ CHROMIUM_PATH: '/nowhere/chrome' }, () => false);
    expect(wrong).toEqual({
      problem: expect.stringContaining('CHROMIUM_PATH=/nowhere/chrome is not an executable'),
    });
  });

  it('then the usual Linux and macOS locations, Chrome before the chromium-browser stub', () => {
    const installed = new Set(['/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
    expect(findBrowser({}, (file) => installed.has(file))).toEqual({ path: '/usr/bin/google-chrome' });
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({}, (file) => file === mac)).toEqual({ path: mac });
    expect(BROWSER_LOCATIONS[0]).toBe('/usr/bin/chromium');
  });

  it('stops with one line saying how to get a browser when there is none', () => {
    const none = findBrowser({}, () => false);
    expect(none).toEqual({ problem: NO_BROWSER });
    expect(NO_BROWSER).not.toContain('\n');
    expect(NO_BROWSER).toMatch(/apt-get install chromium.*CHROMIUM_PATH/);
  });

  it('counts only executable files', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dcr-find-browser-'));
    const plain = path.join(dir, 'plain');
    const runnable = path.join(dir, 'runnable');
    writeFileSync(plain, '');
    writeFileSync(runnable, '#!/bin/sh\n', { mode: 0o755 });
    expect([plain, runnable, dir, path.join(dir, 'missing')].map(isExecutableFile)).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });
});
