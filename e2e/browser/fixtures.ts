import { test as base } from '@playwright/test';
import type { LaunchOptions } from '@playwright/test';

import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import type { OpenOptions } from '@dual-channel-recording/flex-page/browser/agentPage';
import { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import {
  browserLaunchOptions,
  makeBrowserHome,
  removeBrowserHome,
} from '@dual-channel-recording/flex-page/browser/launch';
import type {
  LocalProduct,
  LocalProductOptions,
} from '@dual-channel-recording/flex-page/server/localProduct';
import { startLocalProduct } from '@dual-channel-recording/flex-page/server/localProduct';

/** How a test opens a tab: {@link OpenOptions} and, when given, the admin's settings first. */
export interface OpenAgentOptions extends OpenOptions {
  /**
   * `ui_attributes.dual_channel_recording` as the admin sets it in Flex before the tab opens (the sandbox's
   * Flex Configuration, which the page's Flex and the Functions both read).
   */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** How the `call` fixture places its call. */
export interface CallOptions {
  /** The tab that takes the call (default: a new tab of alice with the default settings). */
  readonly page?: AgentPage;
  /** The admin's settings (`ui_attributes.dual_channel_recording`) set before the new tab opens. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The queue the call comes through (default Everyone). */
  readonly queue?: string;
  /** Wait until the indicator says "Recording" (default) or only until the accept went through. */
  readonly until?: 'recording' | 'accepted';
}

/** An inbound call the agent accepted: the tab, the task and reservation, and its recording once there. */
export interface AcceptedCall {
  readonly page: AgentPage;
  readonly taskSid: string;
  readonly reservationSid: string;
  /** The recording the plugin started (when `until` is `recording`). */
  readonly recordingSid: string | undefined;
}

/** Fixtures of one test. */
export interface ScenarioFixtures {
  /** The sandbox of this worker's product, reset before the test. */
  readonly sandbox: SandboxClient;
  /** Opens an agent's tab of the Flex page in this test's browser context. */
  openAgent(options?: OpenAgentOptions): Promise<AgentPage>;
  /** The tabs this test opened; the test fails if any of them had an uncaught error. */
  readonly agentPages: AgentPage[];
  /** The plugin settings pointing at this worker's Functions, with `extra` on top. */
  settings(extra: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Rings an agent with an inbound call, accepts it and (by default) waits until it is recorded. */
  call(options?: CallOptions): Promise<AcceptedCall>;
}

/** Fixtures of one Playwright worker. */
export interface WorkerFixtures {
  /** How the worker's product starts (`test.use({ productOptions })` in a file gives it its own worker). */
  readonly productOptions: LocalProductOptions;
  /** The whole product on a local sandbox: sandbox, Functions behind the gateway, the Flex page. */
  readonly product: LocalProduct;
}

/**
 * The browser suites' test: one product stack per worker (free ports, so parallel workers and other
 * engineers' runs never collide), the installed Chromium with its own HOME per worker, a fresh browser
 * context and a reset sandbox per test, and no uncaught page error allowed.
 */
export const test = base.extend<ScenarioFixtures, WorkerFixtures>({
  // An installed Chromium or Chrome (browser/findBrowser.ts), with a scratch HOME for this worker.
  launchOptions: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as an object
    async ({}, use) => {
      const home = makeBrowserHome();
      await use(browserLaunchOptions(home) as LaunchOptions);
      removeBrowserHome(home);
    },
    { scope: 'worker' },
  ],
  productOptions: [{}, { scope: 'worker', option: true }],
  product: [
    async ({ productOptions }, use) => {
      const product = await startLocalProduct({ allowLocalhostOrigin: false, ...productOptions });
      await use(product);
      await product.stop();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  sandbox: async ({ product }, use) => {
    await product.page.actions.reset();
    await use(product.stack.sandbox);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as an object
  agentPages: async ({}, use) => {
    const pages: AgentPage[] = [];
    await use(pages);
    const errors = pages.flatMap((p) => p.pageErrors.map((e) => `${p.agent}: ${e}`));
    if (errors.length > 0) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
  },
  openAgent: async ({ context, product, sandbox, agentPages }, use) => {
    await use(async ({ settings, ...options } = {}) => {
      if (settings) await sandbox.setFlexUiAttributes({ dual_channel_recording: settings });
      const page = await AgentPage.open(context, product.pageUrl, options);
      agentPages.push(page);
      return page;
    });
  },
  settings: async ({ product }, use) => {
    await use((extra) => ({ serverless_domain: product.stack.functionsUrl, ...extra }));
  },
  call: async ({ openAgent, sandbox }, use) => {
    await use(async (options = {}) => {
      const page = options.page ?? (await openAgent(options.settings ? { settings: options.settings } : {}));
      if (options.queue) await page.page.getByLabel('Queue').selectOption(options.queue);
      await page.button('Incoming call').click();
      await page.accept();
      if ((options.until ?? 'recording') === 'recording') {
        await page
          .indicator()
          .filter({ hasText: /^Recording$/ })
          .waitFor();
      } else {
        await page.page.locator('article[data-status="accepted"]').waitFor();
      }
      const reservationSid = await page.reservationSid();
      const reservation = (await sandbox.state()).reservations.find((r) => r.sid === reservationSid);
      const recordings = await sandbox.recordings();
      return {
        page,
        taskSid: reservation?.taskSid ?? '',
        reservationSid,
        recordingSid: recordings.at(-1)?.sid,
      };
    });
  },
});

export { expect } from '@playwright/test';
