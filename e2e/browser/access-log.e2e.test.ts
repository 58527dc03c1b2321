/**
 * The supervisor's access log on the `npm start` page (issue 24 §1): after replays through the
 * url_provider, the page shows what the product's own Sync service holds, read over Twilio's REST
 * API and checked link by link, as `dual-channel-recordings access-log` reads it.
 */
import type { Locator } from '@playwright/test';

import type { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import { expect, test } from './fixtures';

test.use({ productOptions: { functionsEnv: { EXCLUSIONS_CACHE_SECONDS: '0' } } });

const replayRow = (tab: AgentPage, recordingSid: string): Locator =>
  tab.page.getByRole('region', { name: 'Replay' }).locator(`li[data-recording-sid="${recordingSid}"]`);

const logEntries = (tab: AgentPage): Locator =>
  tab.page.getByRole('region', { name: 'Access log' }).locator('li[data-seq]');

test('a supervisor sees every replay answered on the page: an agent’s refusal and their own grant, in order, chain intact', async ({
  call,
  openAgent,
  product,
  sandbox,
}) => {
  await sandbox.setMediaAuth(true);
  const { taskSid, recordingSid = '' } = await call();
  await product.page.actions.customerHangup(taskSid);
  await expect
    .poll(async () => (await sandbox.recordings()).find((r) => r.sid === recordingSid)?.status)
    .toBe('completed');

  const bob = await openAgent({ agent: 'bob' });
  await replayRow(bob, recordingSid)
    .getByRole('button', { name: `Play ${recordingSid}` })
    .click();
  await expect(replayRow(bob, recordingSid).getByRole('alert')).toContainText('playback_denied');
  // An agent's page has no access log.
  await expect(bob.page.getByRole('region', { name: 'Access log' })).toHaveCount(0);

  const sam = await openAgent({ agent: 'sam', role: 'supervisor' });
  const row = replayRow(sam, recordingSid);
  await row.getByRole('button', { name: `Play ${recordingSid}` }).click();
  await row.and(sam.page.locator('[data-state="playing"]')).waitFor();

  await expect(logEntries(sam)).toHaveCount(2);
  const entries = await logEntries(sam).evaluateAll((items) =>
    items.map((li) => ({
      seq: li.getAttribute('data-seq'),
      decision: li.getAttribute('data-decision'),
      recordingSid: li.getAttribute('data-recording-sid'),
      viewer: li.getAttribute('data-viewer'),
    })),
  );
  expect(entries).toEqual([
    { seq: '1', decision: 'refused', recordingSid, viewer: 'bob' },
    { seq: '2', decision: 'granted', recordingSid, viewer: 'sam' },
  ]);
  await expect(sam.page.locator('[data-chain]')).toHaveAttribute('data-chain', 'intact');
  await sam.screenshot('access-log-supervisor');
});
