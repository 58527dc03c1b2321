import type { Browser } from 'playwright-core';

import type { LocalProduct } from '@dual-channel-recording/flex-page/server/localProduct';
import { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import type { RecordingChannel } from '@dual-channel-recording/contract';
import { buildProbeScripts } from '../page/probeScript';
import type { CallCursor, CallSample } from './runCall';
import { runCall } from './runCall';
import type { CallType } from './scenarios';

/** How many calls the browser phase places. */
export interface BrowserPhaseOptions {
  /** Inbound customer-channel calls for figure 0 (the head of the conversation). */
  readonly headCalls: number;
  /** Calls per call type and channel for figures 1, 2 and 4. */
  readonly repeats: number;
  /** Sandbox latency for every Twilio request. */
  readonly latencyMs: number;
  readonly log: (line: string) => void;
}

/** Samples of the browser phase, and anything that went wrong in the pages. */
export interface BrowserPhaseResult {
  readonly head: readonly CallSample[];
  readonly matrix: readonly CallSample[];
  readonly pageErrors: readonly string[];
}

const MATRIX: readonly CallType[] = ['inbound', 'outbound', 'internal', 'transfer'];
/** Calls run first and thrown away: the first call pays for JIT and connection set-up. */
const WARM_UP_CALLS = 2;

/**
 * Places calls through the real path (the real Flex UI page + production bundle + Functions + sandbox at
 * `latencyMs`): one browser context per channel, with the probe and the baseline injected before
 * the page's own scripts.
 */
export async function runBrowserPhase(
  product: LocalProduct,
  browser: Browser,
  options: BrowserPhaseOptions,
): Promise<BrowserPhaseResult> {
  const { sandbox } = product.stack;
  await product.page.actions.reset();
  await sandbox.setLatency(options.latencyMs);
  const head: CallSample[] = [];
  const matrix: CallSample[] = [];
  const pageErrors: string[] = [];
  const cursor: CallCursor = { seenReservations: new Set(), seenRecordings: new Set() };

  for (const channel of ['customer', 'worker'] as const satisfies readonly RecordingChannel[]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const scripts = buildProbeScripts(channel);
    await context.addInitScript({ content: scripts.probe });
    await context.addInitScript({ content: scripts.baseline });
    // The admin's settings for this run, in the Flex Configuration the page and the Functions read.
    await sandbox.setFlexUiAttributes({
      dual_channel_recording: { serverless_domain: product.stack.functionsUrl, channel },
    });
    const alice = await AgentPage.open(context, product.pageUrl, { agent: 'alice' });
    try {
      for (let i = 0; i < WARM_UP_CALLS; i += 1)
        await runCall('inbound', channel, { alice }, sandbox, cursor);
      if (channel === 'customer') {
        for (let i = 0; i < options.headCalls; i += 1) {
          head.push(await runCall('inbound', channel, { alice }, sandbox, cursor));
          if ((i + 1) % 10 === 0) options.log(`  figure 0: ${i + 1}/${options.headCalls} inbound calls`);
        }
      }
      for (const type of MATRIX) {
        const bob =
          type === 'transfer' ? await AgentPage.open(context, product.pageUrl, { agent: 'bob' }) : undefined;
        for (let i = 0; i < options.repeats; i += 1) {
          matrix.push(await runCall(type, channel, { alice, bob }, sandbox, cursor));
        }
        if (bob) {
          pageErrors.push(...bob.pageErrors.map((e) => `bob (${channel}): ${e}`));
          await bob.page.close();
        }
        options.log(`  ${channel} channel: ${options.repeats} ${type} calls`);
      }
    } finally {
      pageErrors.push(...alice.pageErrors.map((e) => `alice (${channel}): ${e}`));
      await context.close();
    }
  }
  await sandbox.clearFaults();
  return { head, matrix, pageErrors };
}
