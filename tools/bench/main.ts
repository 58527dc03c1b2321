/**
 * `npm run bench` (repository root): measures the issue's figures 0–5 in one run on the local
 * sandbox and writes docs/BENCHMARKS.md. Budgets are reported PASS/MISS; the process exits non-zero
 * only when the bench itself broke.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { startStack } from '@dual-channel-recording/local-stack';
import { REPO_ROOT } from '@dual-channel-recording/flex-page/server/paths';
import { startLocalProduct } from '@dual-channel-recording/flex-page/server/localProduct';
import { launchBrowser } from '@dual-channel-recording/flex-page/browser/launch';
import { runBrowserPhase } from './browser/browserPhase';
import type { CallSample } from './browser/runCall';
import type { CallType } from './browser/scenarios';
import { DEFAULT_RETRY_POLICY } from 'plugin-dual-channel-recording/src/services/retry';
import type { Calibration } from './burst/calibrate';
import { calibrate } from './burst/calibrate';
import type { BurstFigure, BurstOptions } from './burst/runBurst';
import { runBurst } from './burst/runBurst';
import { medianRun } from './burst/repeat';
import { burstScenarios } from './burst/scenarios';
import { GOALS } from './budgets';
import { writeCharts } from './charts/writeCharts';
import { evaluateBudgets } from './evaluate';
import { browserCostRow } from './figures/browserCost';
import { bundleFigure } from './figures/bundle';
import { headFigure } from './figures/head';
import { reactionRow } from './figures/reaction';
import { endpointBreakdown, roundTripRow } from './figures/roundTrips';
import { gitCommit, machineInfo } from './machine';
import { formatMarkdown } from './report/format';
import { renderReport } from './report/render';

/** Where the report goes (the issue asks for this path), and its pictures. */
const REPORT = path.join(REPO_ROOT, 'docs', 'BENCHMARKS.md');
const CHARTS = path.join(REPO_ROOT, 'docs', 'bench');
const TYPES: readonly CallType[] = ['inbound', 'outbound', 'internal', 'transfer'];
const LATENCY_MS = 100;

/** A non-negative integer from the environment, or the default. */
function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const started = Date.now();
  const machineAtStart = machineInfo('unknown');
  // Read before the run writes its report and pictures, which would make the tree look changed.
  const commit = gitCommit();
  const headCalls = envInt('BENCH_HEAD_CALLS', 50);
  const repeats = envInt('BENCH_REPEATS', 3);
  const burstCalls = envInt('BENCH_BURST_CALLS', 300);
  const forkCalls = envInt('BENCH_FORK_CALLS', 30);
  const burstRepeats = envInt('BENCH_BURST_REPEATS', 3);
  const calibrationStarts = envInt('BENCH_CALIBRATION_STARTS', 20);
  const problems: string[] = [];

  log('bench: figure 5 (bundle)');
  const bundle = bundleFigure();

  log(
    'bench: starting the sandbox, the Functions (twilio-run --no-fork-process --no-live) and the Flex page',
  );
  const product = await startLocalProduct({ allowLocalhostOrigin: false, forkProcess: false });
  let head: readonly CallSample[] = [];
  let matrix: readonly CallSample[] = [];
  let chromium = 'unknown';
  const bursts: BurstFigure[] = [];
  let calibration: Calibration | undefined;
  const burstOptions = (cost: Calibration): BurstOptions => ({
    latencyMs: LATENCY_MS,
    retryWindowMs: DEFAULT_RETRY_POLICY.maxElapsedMs ?? 60_000,
    cost,
    log,
  });
  try {
    const browser = await launchBrowser();
    try {
      chromium = browser.browser.version();
      log(
        `bench: figures 0, 1, 2, 4 in chromium ${chromium} (${headCalls} + ${repeats} per type and channel)`,
      );
      const phase = await runBrowserPhase(product, browser.browser, {
        headCalls,
        repeats,
        latencyMs: LATENCY_MS,
        log,
      });
      head = phase.head;
      matrix = phase.matrix;
      problems.push(...phase.pageErrors.map((e) => `uncaught error in the page: ${e}`));
      const unsettled = [...head, ...matrix].filter((s) => !s.settled).length;
      if (unsettled > 0)
        problems.push(
          `${unsettled} calls were counted before the account went quiet (Event Streams or Twilio requests still busy after 15 s): their counts may miss sink requests`,
        );
    } finally {
      await browser.close();
    }
    if (burstCalls > 0) {
      log(`bench: figure 3, ${calibrationStarts} starts one at a time (the cost of one start, no load)`);
      calibration = await calibrate(product.stack, calibrationStarts, LATENCY_MS);
      for (const scenario of burstScenarios(burstCalls)) {
        // The judged burst is run several times and reported by its median run (burst/repeat.ts).
        const times = scenario.id === 'main' ? Math.max(1, burstRepeats) : 1;
        const runs: BurstFigure[] = [];
        for (let run = 1; run <= times; run += 1) {
          log(
            `bench: figure 3, ${scenario.label} (--no-fork-process --no-live)${times > 1 ? `, run ${run} of ${times}` : ''}`,
          );
          runs.push(
            await runBurst(
              product.stack,
              scenario,
              'twilio-run --no-fork-process --no-live',
              burstOptions(calibration),
            ),
          );
        }
        bursts.push(medianRun(runs));
      }
    }
  } finally {
    await product.stop();
  }
  if (forkCalls > 0 && calibration) {
    log(`bench: figure 3 for comparison, ${forkCalls} requests within 1 s (fork per request)`);
    const stack = await startStack({ forkProcess: true });
    try {
      const scenario = { ...burstScenarios(forkCalls)[0], id: 'fork' as const };
      bursts.push(
        await runBurst(
          stack,
          scenario,
          'twilio-run, fork per request (smaller burst)',
          burstOptions(calibration),
        ),
      );
    } finally {
      await stack.stop();
    }
  }

  const all = [...head, ...matrix];
  const ofType = (type: CallType): CallSample[] => matrix.filter((s) => s.type === type);
  const reaction = [
    ...TYPES.map((type) => reactionRow(type, type === 'inbound' ? [...head, ...ofType(type)] : ofType(type))),
    reactionRow('all calls', all),
  ];
  const roundTrips = (['customer', 'worker'] as const).flatMap((channel) =>
    TYPES.map((type) =>
      roundTripRow(
        type,
        channel,
        matrix.filter((s) => s.type === type && s.channel === channel),
      ),
    ),
  );
  const browserCost = TYPES.map((type) =>
    browserCostRow(type, type === 'inbound' ? [...head, ...ofType(type)] : ofType(type)),
  );
  const example = head[0] ?? matrix.find((s) => s.type === 'inbound' && s.channel === 'customer');
  const headResult = headFigure(head);

  log(`bench: drawing the pictures into ${path.relative(REPO_ROOT, CHARTS)}/`);
  const charts = await writeCharts(
    { head: headResult, roundTrips, bursts, budgets: GOALS },
    CHARTS,
    path.dirname(REPORT),
  );

  const results = {
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    commit,
    machine: { ...machineAtStart, chromium },
    parameters: {
      'sandbox latency per Twilio request': `${LATENCY_MS} ms`,
      'figure 0 calls (inbound, customer channel)': headCalls,
      'figures 1, 2, 4: calls per call type and channel': repeats,
      'figure 3 bursts (--no-fork-process --no-live)': burstScenarios(burstCalls)
        .map((b) =>
          b.id === 'main' && burstRepeats > 1
            ? `${b.label} (${burstRepeats} runs, the median reported)`
            : b.label,
        )
        .join('; '),
      'figure 3 Function slots (the gateway)': '30 invocations in flight, 10 s cut',
      'figure 3 calibration (one start at a time, no load)': `${calibrationStarts} starts`,
      'figure 3 burst (fork per request)': forkCalls > 0 ? `${forkCalls} requests within 1 s` : 'skipped',
    },
    head: headResult,
    reaction,
    roundTrips,
    endpoints: example ? endpointBreakdown(example) : [],
    bursts,
    calibration,
    browserCost,
    bundle,
    budgets: evaluateBudgets({
      head: headResult,
      reaction,
      roundTrips,
      bursts,
      calibration,
      browserCost,
      bundle,
    }),
    problems,
    charts,
  };
  writeFileSync(REPORT, await formatMarkdown(renderReport(results), REPORT));
  log(`bench: wrote ${path.relative(REPO_ROOT, REPORT)} in ${Math.round(results.durationS)} s`);
  for (const b of results.budgets)
    log(
      `  [${b.pass === undefined ? 'n/a' : b.pass ? 'PASS' : 'MISS'}] ${b.metric}: ${b.measured} (goal ${b.goal})`,
    );
}

main().catch((error: unknown) => {
  console.error('bench: broke', error);
  process.exit(1);
});
