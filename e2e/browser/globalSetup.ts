import type { FullConfig } from '@playwright/test';

import { browserInUse } from '@dual-channel-recording/flex-page/browser/launch';

/**
 * Before any worker starts: picks the browser (unpacking the npm package's Chromium when none is
 * installed, so two workers never unpack it at once), launches it once and says which one the run uses,
 * in the output and in the HTML report's metadata.
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const browser = await browserInUse();
  console.log(`Browser tests use ${browser}`);
  config.metadata = { ...config.metadata, browser };
}
