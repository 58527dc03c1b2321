import type { BrowserContext } from 'playwright-core';

import type { SandboxClient } from 'dual-channel-rec-serverless/sandbox';
import type { LocalProduct, LocalProductOptions } from '../../server/localProduct';
import { startLocalProduct } from '../../server/localProduct';
import type { OpenOptions } from '../../browser/agentPage';
import { AgentPage } from '../../browser/agentPage';
import type { TestBrowser } from '../../browser/launch';
import { launchBrowser } from '../../browser/launch';

/** What a scenario gets: the running product, a fresh browser context, and page helpers. */
export interface E2e {
  readonly product: LocalProduct;
  readonly sandbox: SandboxClient;
  readonly context: BrowserContext;
  /** Opens an agent's stand-in tab in this test's browser context. */
  openAgent(options?: OpenOptions): Promise<AgentPage>;
  /** The tabs this test opened so far. */
  pages(): readonly AgentPage[];
  /** The plugin settings pointing at this stack's Functions, with `extra` on top. */
  settings(extra: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/**
 * Registers the jest hooks of one e2e file: one product stack and one browser for the file, a reset
 * sandbox and a fresh browser context per test, and no uncaught page errors allowed.
 */
export function useE2e(options: LocalProductOptions = {}): E2e {
  let product: LocalProduct | undefined;
  let browser: TestBrowser | undefined;
  let context: BrowserContext | undefined;
  let pages: AgentPage[] = [];
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (beforeAll failed?)`);
    return value;
  };

  beforeAll(async () => {
    product = await startLocalProduct({ allowLocalhostOrigin: false, ...options });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await product?.stop();
  });
  beforeEach(async () => {
    await need(product, 'the product').standIn.actions.reset();
    context = await need(browser, 'the browser').browser.newContext({
      viewport: { width: 1280, height: 900 },
    });
    pages = [];
  });
  afterEach(async () => {
    const errors = pages.flatMap((p) => p.pageErrors.map((e) => `${p.agent}: ${e}`));
    await context?.close();
    if (errors.length > 0) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
  });

  return {
    get product() {
      return need(product, 'the product');
    },
    get sandbox() {
      return need(product, 'the product').stack.sandbox;
    },
    get context() {
      return need(context, 'the browser context');
    },
    pages: () => pages,
    settings: (extra) => ({ serverless_domain: need(product, 'the product').stack.functionsUrl, ...extra }),
    async openAgent(openOptions) {
      const page = await AgentPage.open(
        need(context, 'the browser context'),
        need(product, 'the product').pageUrl,
        openOptions,
      );
      pages.push(page);
      return page;
    },
  };
}
