import type { BrowserContext } from 'playwright-core';

import { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import { test as base } from '../fixtures';

/** One browser context per matrix worker and its tabs, one per agent, kept from cell to cell. */
interface ReusedTabs {
  readonly context: BrowserContext;
  readonly tabs: Map<string, AgentPage>;
}

/** As playwright.config.ts's `use.viewport` (a context made in a worker fixture does not get `use`). */
const VIEWPORT = { width: 1280, height: 1000 };

/**
 * The fault matrix's test: the worker's stack (already shared), and now its browser context and agent
 * tabs too. A cell resets state instead of restarting: the sandbox is reset (the `sandbox` fixture), the
 * admin's settings are written, and each agent's tab opens the Flex page again, so Flex and the plugin
 * start afresh from the sandbox and the settings, with the 17 MB Flex bundle from the context's HTTP
 * cache instead of a new context's empty one. After the cell, its tabs leave the page (about:blank)
 * before the next cell's reset, with the origin's storage and the cookies cleared and the cell's routes
 * (the create-recording gate) removed. A failed
 * cell ends the Playwright worker, so the next cell starts in a new context with new tabs.
 */
export const test = base.extend<Record<never, never>, { reusedTabs: ReusedTabs }>({
  reusedTabs: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ viewport: VIEWPORT });
      await use({ context, tabs: new Map() });
      await context.close();
    },
    { scope: 'worker' },
  ],
  openAgent: async ({ reusedTabs, product, sandbox, agentPages }, use) => {
    const used: AgentPage[] = [];
    await use(async ({ settings, ...options } = {}) => {
      if (settings) await sandbox.setFlexUiAttributes({ dual_channel_recording: settings });
      const agent = options.agent ?? 'alice';
      let tab = reusedTabs.tabs.get(agent);
      if (tab && !tab.page.isClosed() && !used.includes(tab)) {
        await tab.reopen(product.pageUrl, options);
      } else {
        // First cell of the worker, or the same agent twice in one cell: a tab of its own.
        tab = await AgentPage.open(reusedTabs.context, product.pageUrl, options);
        if (!reusedTabs.tabs.has(agent) || reusedTabs.tabs.get(agent)?.page.isClosed())
          reusedTabs.tabs.set(agent, tab);
      }
      used.push(tab);
      agentPages.push(tab);
      return tab;
    });
    // Torn down before `agentPages`, which then checks for uncaught errors, these steps' included.
    for (const tab of used) {
      await tab.page.unrouteAll({ behavior: 'ignoreErrors' });
      // What a new context would not have: the origin's storage (Flex keeps some of its state there).
      await tab.page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      if (reusedTabs.tabs.get(tab.agent) === tab) await tab.page.goto('about:blank');
      else await tab.page.close();
    }
    await reusedTabs.context.clearCookies();
  },
});

export { expect } from '../fixtures';
