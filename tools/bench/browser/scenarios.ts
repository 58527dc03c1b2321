import type { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';

/** The call types the bench places (the list). */
export type CallType = 'inbound' | 'outbound' | 'internal' | 'transfer';

/** The pages a scenario acts on: alice takes the call, bob is the transfer target / callee. */
export interface ScenarioPages {
  readonly alice: AgentPage;
  /** Only open for transfers (an open tab of the callee would otherwise hold tasks of its own). */
  readonly bob?: AgentPage;
}

/** How long the agent of an outbound call waits for the customer: the plugin's wait is then real. */
export const OUTBOUND_RING_MS = 1000;

/** The indicator once recording (not "Recording starts when the call connects"). */
const recording = /^Recording(?! starts)/;

/** The agent hangs up and completes the task (wrap-up), with Flex's own buttons. */
async function hangUpAndComplete(page: AgentPage): Promise<void> {
  await page.hangUp();
  await page.complete();
  await page.noTasks();
}

/**
 * Places one call of `type` through the Flex page's buttons, waits until the plugin shows it
 * recording, then ends it the way an agent would. Returns when the task is gone from every page.
 */
export async function runScenario(type: CallType, pages: ScenarioPages): Promise<void> {
  const { alice, bob } = pages;
  switch (type) {
    case 'inbound':
      await alice.button('Incoming call').click();
      await alice.accept();
      await alice.indicator().filter({ hasText: recording }).waitFor();
      await hangUpAndComplete(alice);
      return;
    case 'outbound':
      await alice.button('Outbound call').click();
      // The reservation stays pending while the customer rings.
      await alice.button('Customer answers').waitFor();
      await alice.page.waitForTimeout(OUTBOUND_RING_MS);
      await alice.button('Customer answers').click();
      await alice.indicator().filter({ hasText: recording }).waitFor();
      await hangUpAndComplete(alice);
      return;
    case 'internal':
      await alice.page.getByLabel('Other agent').selectOption('bob');
      await alice.button('Call agent').click();
      await alice.indicator().filter({ hasText: recording }).waitFor();
      await hangUpAndComplete(alice);
      return;
    case 'transfer': {
      if (!bob) throw new Error('a transfer needs bob’s page');
      await alice.button('Incoming call').click();
      await alice.accept();
      await alice.indicator().filter({ hasText: recording }).waitFor();
      await alice.page.getByLabel('Transfer to').selectOption('bob');
      await alice.button('Transfer').click();
      await bob.accept();
      await bob.indicator().filter({ hasText: recording }).waitFor();
      // A warm transfer: alice leaves, the customer stays with bob until he hangs up.
      await hangUpAndComplete(alice);
      await hangUpAndComplete(bob);
      return;
    }
  }
}
