import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, SERVERLESS_DIR } from '@dual-channel-recording/flex-page/server/paths';

/** The machine and tool versions the numbers were measured on. */
export interface MachineInfo {
  readonly cpus: number;
  /** The 1-, 5- and 15-minute load averages when the run started (other jobs share the machine). */
  readonly loadAverage: string;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly npm: string;
  readonly chromium: string;
  readonly versions: Readonly<Record<string, string>>;
}

/** The installed version of a package, read from its package.json in the workspace's node_modules. */
function versionOf(name: string): string {
  const roots = [REPO_ROOT, SERVERLESS_DIR];
  for (const root of roots) {
    // Read the file directly: a package's "exports" may hide its package.json from require.resolve.
    const file = path.join(root, 'node_modules', ...name.split('/'), 'package.json');
    if (!existsSync(file)) continue;
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) return String(parsed.version);
  }
  return 'not installed';
}

/** Reads the machine: CPU count and model, memory, OS, and the versions of the tools in the path. */
export function machineInfo(chromiumVersion: string): MachineInfo {
  const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['--version'], {
    encoding: 'utf8',
  });
  return {
    cpus: os.cpus().length,
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    npm: npm.stdout.trim() || 'unknown',
    chromium: chromiumVersion,
    versions: Object.fromEntries(
      [
        'twilio-run',
        '@twilio/runtime-handler',
        'twilio',
        '@twilio/flex-ui',
        'playwright-core',
        'typescript',
      ].map((name) => [name, versionOf(name)]),
    ),
  };
}

/** The short git commit the bench ran on (or "unknown"), so a table names its code. */
export function gitCommit(): string {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain'], {
    cwd: path.resolve(REPO_ROOT),
    encoding: 'utf8',
  });
  const commit = git.stdout.trim() || 'unknown';
  return dirty.stdout.trim() ? `${commit} (with uncommitted changes)` : commit;
}
