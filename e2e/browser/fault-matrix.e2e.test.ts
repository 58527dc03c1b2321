import type { FaultRule } from '@dual-channel-recording/twilio-sandbox';
import { DEFAULT_RETRY_POLICY, giveUpBoundMs } from 'plugin-dual-channel-recording/src/services/retry';
import type { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import { waitForTwilioQuiet } from './harness/quiet';
import type { CallRun, CallType, MatrixWorld } from './matrix/callTypes';
import { CALL_TYPES } from './matrix/callTypes';
import { gateCreateRecording } from './matrix/createRecordingGate';
import type { Fault } from './matrix/faults';
import { FAULTS } from './matrix/faults';
import type { Outcome } from './matrix/oracle';
import { judge, sandboxEvidence } from './matrix/oracle';
import type { CellResult } from './matrix/report';
import { CELL_ANNOTATION } from './matrix/report';
import { expect, test } from './matrix/reusedTabs';

/** Top-level attributes the Functions write or merge into; everything else belongs to someone else. */
const PRODUCT_KEYS = new Set([
  'conversations',
  'reservation_attributes',
  'dual_channel_recording',
  'conference',
  'call_sid',
]);
/** Indicator states after which the plugin does nothing more on its own. */
const SETTLED = ['recording', 'paused', 'completed', 'not_recorded', 'failed'];
/**
 * The longest the plugin can take to settle: its retry window plus one last Function run, cut by the
 * gateway at 10 s at the latest (src/services/retry.ts). Derived from the policy so the two cannot drift apart.
 */
const PLUGIN_WORST_CASE_MS = giveUpBoundMs(DEFAULT_RETRY_POLICY, 10_500);

/** The indicator once its `data-status` is one of `statuses`. */
function indicatorIn(page: AgentPage, statuses: readonly string[]) {
  const states = statuses.map((s) => `[data-status="${s}"]`).join(',');
  return page.page.getByTestId('call-canvas').locator(`[role="status"]:is(${states})`);
}

/** The Function's round-one read of the task, logged after sequence number `since`. */
async function functionReadTask(world: MatrixWorld, since: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const log = await world.sandbox.requests(since);
    if (log.some((r) => r.api === 'taskrouter' && r.method === 'GET' && /\/Tasks\/WT\w+$/.test(r.path)))
      return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the Function never read the task');
}

/**
 * Until the sandbox holds a request `rule` matches (received, kept by the rule's latency): the Function
 * is inside that Twilio call.
 */
async function heldInSandbox(world: MatrixWorld, rule: FaultRule): Promise<void> {
  const path = new RegExp(rule.path ?? '');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const inFlight = await world.sandbox.requestsInFlight();
    if (
      inFlight.some(
        (r) =>
          (!rule.api || r.api === rule.api) &&
          (!rule.method || r.method === rule.method) &&
          path.test(r.path),
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 20)); // the poll's pace, not a wait for an outcome
  }
  throw new Error(`the sandbox never held a request matching ${rule.method ?? ''} ${rule.path ?? ''}`);
}

/** The row's gateway and REST-limit faults that never took effect (a cell that did not meet its fault proves nothing). */
async function faultsThatDidNotHappen(world: MatrixWorld, fault: Fault): Promise<string[]> {
  const problems: string[] = [];
  const counters = world.product.stack.gateway?.stats();
  if (fault.gateway?.refuseNext && (counters?.rejectedBusy ?? 0) < fault.gateway.refuseNext)
    problems.push(
      `the gateway refused ${counters?.rejectedBusy ?? 0} invocations, not ${fault.gateway.refuseNext}`,
    );
  if (fault.gateway?.cutNext && (counters?.timedOut ?? 0) < fault.gateway.cutNext)
    problems.push(`the gateway cut ${counters?.timedOut ?? 0} invocations, not ${fault.gateway.cutNext}`);
  if (fault.twilioConcurrency !== undefined) {
    const refused = (await world.sandbox.requests()).filter((r) => r.fault === 'concurrency-limit').length;
    if (refused === 0) problems.push('no Twilio request met the concurrency limit');
  }
  return problems;
}

/** Runs one cell: the call, the fault and its timing, then the oracle. */
async function runCell(
  world: MatrixWorld,
  pages: () => readonly AgentPage[],
  fault: Fault,
  callType: CallType,
): Promise<Outcome> {
  const { sandbox } = world;
  const logStart = world.product.stack.logs().length;
  world.product.stack.gateway?.clearFaults();
  world.product.stack.gateway?.resetStats();
  const foreign: Record<string, unknown> = {};
  let markTaskWritten: () => void = () => undefined;
  const taskMarked = new Promise<void>((resolve) => {
    markTaskWritten = resolve;
  });
  let resolveRun: (run: CallRun) => void = () => undefined;
  const runReady = new Promise<CallRun>((resolve) => {
    resolveRun = resolve;
  });
  let taskSid = '';
  let seqAtRelease = 0;
  let gate: Awaited<ReturnType<typeof gateCreateRecording>> | undefined;

  /** A concurrent writer: read, add `extra`, write back (no Function is mid-write when it runs). */
  const writeForeign = async (extra: Record<string, unknown>): Promise<void> => {
    const task = await sandbox.task(taskSid);
    for (const [key, value] of Object.entries(task.attributes))
      if (!PRODUCT_KEYS.has(key)) foreign[key] = value;
    Object.assign(foreign, extra);
    await sandbox.setTaskAttributes(taskSid, { ...task.attributes, ...extra });
  };

  const run = await callType.run(world, {
    subjectPage: async (page) => {
      gate = await gateCreateRecording(page.page, world.product.stack.functionsUrl, {
        whileHeld: async () => {
          await taskMarked;
          if (fault.hangup === 'after-accept') await (await runReady).hangUp();
          seqAtRelease = (await sandbox.requests()).at(-1)?.seq ?? 0;
        },
        afterRelease: async () => {
          if (fault.hangup !== 'during-function' && !fault.concurrentWriter) return;
          await functionReadTask(world, seqAtRelease);
          // The create is slowed down (2 s); hang up inside it, once the sandbox holds it.
          if (fault.hangup === 'during-function') {
            await heldInSandbox(world, fault.rules[0]);
            await (await runReady).hangUp();
          }
          if (fault.concurrentWriter) await writeForeign({ e2e_marker_during: `during-${fault.id}` });
        },
      });
    },
    faultPoint: async () => {
      for (const rule of fault.rules) await sandbox.addFault(rule);
      if (fault.twilioConcurrency !== undefined) await sandbox.setConcurrencyLimit(fault.twilioConcurrency);
      if (fault.gateway) world.product.stack.gateway?.injectFaults(fault.gateway);
    },
    taskExists: async (sid) => {
      taskSid = sid;
      await writeForeign({ e2e_marker_before: `before-${fault.id}-${callType.id}` });
      markTaskWritten();
    },
    beforeAccept: async (hangUp) => {
      if (fault.hangup !== 'before-accept') return false;
      await hangUp();
      return true;
    },
  });
  resolveRun(run);
  const { subject } = run;

  const problems: string[] = [];
  try {
    if (run.endedBeforeAccept) {
      // TaskRouter canceled the reservation: Flex takes the task off the agent's screen.
      await subject.page.page
        .locator(`article[data-reservation-sid="${subject.reservationSid}"]`)
        .waitFor({ state: 'detached', timeout: 15000 });
    } else if (fault.hangup === 'after-recording-started') {
      await indicatorIn(subject.page, ['recording']).waitFor({ timeout: PLUGIN_WORST_CASE_MS });
      await run.hangUp();
      await indicatorIn(subject.page, ['completed', 'not_recorded', 'failed']).waitFor({ timeout: 15000 });
    } else {
      await indicatorIn(subject.page, SETTLED).waitFor({ timeout: PLUGIN_WORST_CASE_MS });
    }
  } catch {
    problems.push(
      run.endedBeforeAccept ? 'the canceled task stayed on screen' : 'the indicator never settled',
    );
  }
  await gate?.settled();
  await waitForTwilioQuiet(sandbox, 400, 20000);
  // The page has read the sandbox since it went quiet, so it shows the last attribute write.
  await subject.page.caughtUp(() => world.product.page.notifyPages());

  // Read at once, never waited for: a canceled task has no canvas, and a failed cell may have none either.
  const indicator = subject.page.indicator();
  const shown = (await indicator.count()) === 1;
  const outcome = judge({
    subject,
    earlier: run.earlier,
    ...(await sandboxEvidence(sandbox, subject.taskSid)),
    leg: await subject.leg(),
    uiStatus: shown ? await indicator.getAttribute('data-status') : null,
    uiText: shown ? ((await indicator.textContent()) ?? '').trim() : '',
    foreign,
    pageErrors: pages().flatMap((p) => p.pageErrors),
    functionLogs: world.product.stack.logs().slice(logStart),
    endedBeforeAccept: run.endedBeforeAccept,
    reservationShown:
      (await subject.page.page.locator(`article[data-reservation-sid="${subject.reservationSid}"]`).count()) >
      0,
    pluginCalledFunction: gate?.reached() ?? false,
  });
  if (fault.concurrentWriter && outcome.kind === 'recorded') {
    const conflicts = (await sandbox.requests()).filter((r) => r.api === 'taskrouter' && r.status === 412);
    if (conflicts.length === 0) problems.push('the concurrent write did not cause a 412');
  }
  problems.push(...(await faultsThatDidNotHappen(world, fault)));
  if (fault.expect && outcome.kind !== 'fail' && outcome.kind !== fault.expect) {
    const wanted = { recorded: 'a recording', named_reason: 'a named reason', not_accepted: 'no accept' };
    problems.push(`expected ${wanted[fault.expect]}, got "${outcome.detail}"`);
  }
  if (fault.reason && outcome.kind === 'named_reason' && !fault.reason.test(outcome.detail)) {
    problems.push(`expected the reason ${String(fault.reason)}, got "${outcome.detail}"`);
  }
  await subject.page.screenshot(`matrix-${fault.id}-${callType.id}`);
  if (problems.length === 0) return outcome;
  return {
    kind: 'fail',
    detail: [outcome.kind === 'fail' ? outcome.detail : outcome.detail, ...problems].join('; '),
  };
}

// Cells are independent (each starts from a reset sandbox and reopened tabs, matrix/reusedTabs.ts):
// several workers may share them out. The table
// is assembled from the cells' annotations by matrix/matrixReporter.ts.
test.describe.configure({ mode: 'parallel' });

test.describe('fault matrix: every fault × every call type is recorded exactly once or says why', () => {
  for (const fault of FAULTS) {
    for (const callType of CALL_TYPES) {
      if (fault.hangup === 'before-accept' && !callType.hasAcceptStep) continue;
      test(`${fault.label} × ${callType.label}: one recording named by the task, or a named reason; others' attributes kept; no unhandled error`, async ({
        product,
        sandbox,
        openAgent,
        settings,
        call,
        agentPages,
      }) => {
        test.setTimeout(PLUGIN_WORST_CASE_MS + 45000);
        const started = Date.now();
        let outcome: Outcome;
        try {
          outcome = await runCell(
            { product, sandbox, openAgent, settings, call },
            () => agentPages,
            fault,
            callType,
          );
        } catch (error) {
          outcome = {
            kind: 'fail',
            detail: `the cell broke: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
        const cell: CellResult = {
          fault: fault.label,
          callType: callType.label,
          outcome,
          seconds: (Date.now() - started) / 1000,
        };
        test.info().annotations.push({ type: CELL_ANNOTATION, description: JSON.stringify(cell) });
        expect(outcome).not.toMatchObject({ kind: 'fail' });
      });
    }
  }
});
