import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserHost } from './findBrowser';
import { BROWSER_LOCATIONS, describeBrowser, findBrowser, isExecutableFile, noBrowser } from './findBrowser';
import { fontconfigFile, packagedChromiumDir } from './packagedChromium';

/** A Linux x64 machine with the npm package's browser installed (version 153.0.0), unpacked or not. */
const linuxWithPackage: BrowserHost = {
  platform: 'linux',
  arch: 'x64',
  packaged: () => ({ dir: '/repo/node_modules/@sparticuz/chromium', version: '153.0.0' }),
};
const unpacked = path.join(packagedChromiumDir('153.0.0', 'x64'), 'chromium');

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, and says so when it is not an executable', () => {
    expect(
      findBrowser({ CHROMIUM_PATH: '/opt/my/chrome' }, (file) => file === '/opt/my/chrome', linuxWithPackage),
    ).toEqual({ path: '/opt/my/chrome', source: 'CHROMIUM_PATH' });
    const wrong = findBrowser({ CHROMIUM_PATH: '/nowhere/chrome' }, () => false);
    expect(wrong).toEqual({
      problem: expect.stringContaining('CHROMIUM_PATH=/nowhere/chrome is not an executable'),
    });
  });

  it('then the usual Linux and macOS locations, Chrome before the chromium-browser stub', () => {
    const installed = new Set(['/usr/bin/chromium-browser', '/usr/bin/google-chrome']);
    expect(findBrowser({}, (file) => installed.has(file), linuxWithPackage)).toEqual({
      path: '/usr/bin/google-chrome',
      source: 'installed',
    });
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({}, (file) => file === mac, { ...linuxWithPackage, platform: 'darwin' })).toEqual({
      path: mac,
      source: 'installed',
    });
    expect(BROWSER_LOCATIONS[0]).toBe('/usr/bin/chromium');
  });

  it('with nothing installed on Linux x64 or arm64, takes the headless Chromium of the npm package, unpacked once', () => {
    expect(findBrowser({}, () => false, linuxWithPackage)).toEqual({
      path: unpacked,
      source: 'npm',
      packageVersion: '153.0.0',
      unpacked: false,
    });
    expect(findBrowser({}, (file) => file === unpacked, linuxWithPackage)).toMatchObject({
      source: 'npm',
      unpacked: true,
    });
    const arm = findBrowser({}, () => false, { ...linuxWithPackage, arch: 'arm64' });
    expect(arm).toMatchObject({
      source: 'npm',
      path: path.join(packagedChromiumDir('153.0.0', 'arm64'), 'chromium'),
    });
  });

  it('says which browser a run used', () => {
    expect(
      describeBrowser({ path: unpacked, source: 'npm', packageVersion: '153.0.0' }, '153.0.8010.0'),
    ).toBe(
      `Chromium 153.0.8010.0 from the npm package @sparticuz/chromium@153.0.0 (no Chromium or Chrome installed), unpacked at ${unpacked}`,
    );
    expect(describeBrowser({ path: '/usr/bin/chromium', source: 'installed' }, '156.0')).toBe(
      'Chromium 156.0 installed at /usr/bin/chromium',
    );
  });

  it('where no package fits (macOS), stops with one line naming the one command to run', () => {
    const mac = findBrowser({}, () => false, { ...linuxWithPackage, platform: 'darwin', arch: 'arm64' });
    expect(mac).toEqual({ problem: noBrowser('darwin') });
    expect(noBrowser('darwin')).not.toContain('\n');
    expect(noBrowser('darwin')).toMatch(/run `brew install --cask google-chrome`, or set CHROMIUM_PATH/);
    expect(findBrowser({}, () => false, { ...linuxWithPackage, arch: 'ia32' })).toEqual({
      problem: expect.stringContaining('run `sudo apt-get install chromium`'),
    });
  });

  it('without the npm package installed, says to run npm ci', () => {
    expect(findBrowser({}, () => false, { ...linuxWithPackage, packaged: () => undefined })).toEqual({
      problem: expect.stringContaining('@sparticuz/chromium is not installed: run `npm ci`'),
    });
  });

  it("gives the packaged browser the fonts it ships and the machine's own (its package's fonts.conf names Lambda's folders)", () => {
    const conf = fontconfigFile('/cache/chromium-153.0.0-x64');
    expect(conf).toContain('<dir>/cache/chromium-153.0.0-x64/fonts/fonts</dir>');
    expect(conf).toContain('<include ignore_missing="yes">/etc/fonts/fonts.conf</include>');
    expect(conf).not.toContain('/tmp/fonts');
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
