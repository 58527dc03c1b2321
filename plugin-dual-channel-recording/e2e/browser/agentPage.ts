import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { BrowserContext, Locator, Page } from 'playwright-core';

import { REPO_ROOT } from '../server/paths';

/** Where scenario screenshots go (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** How a test opens the stand-in page. */
export interface OpenOptions {
  /** The agent's identity (default alice). */
  readonly agent?: string;
  /** Replaces the page's `ui_attributes.dual_channel_recording` (sent as `?settings=`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Open on another origin of the same server (e.g. http://localhost:<port>). */
  readonly baseUrl?: string;
}

/** What the page logs for a promise rejection nobody handled (see {@link AgentPage.open}). */
const UNHANDLED_REJECTION = '[e2e] unhandledrejection:';

/** One agent's Flex stand-in tab, with the locators the scenarios use (by role and name). */
export class AgentPage {
  /** Uncaught exceptions and unhandled rejections in the page: a scenario passes only without any. */
  readonly pageErrors: string[] = [];

  private constructor(
    readonly page: Page,
    readonly agent: string,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith(UNHANDLED_REJECTION)) this.pageErrors.push(text);
    });
  }

  /** Opens the page and waits until the plugin bundle has been initialised by the stand-in. */
  static async open(context: BrowserContext, baseUrl: string, options: OpenOptions = {}): Promise<AgentPage> {
    const agent = options.agent ?? 'alice';
    const params = new URLSearchParams({ agent });
    if (options.settings) params.set('settings', JSON.stringify(options.settings));
    const page = await context.newPage();
    const tab = new AgentPage(page, agent);
    // Chromium reports most unhandled rejections as page errors; this makes sure of every one.
    await page.addInitScript((marker: string) => {
      window.addEventListener('unhandledrejection', (event) => {
        const { reason } = event;
        console.error(
          `${marker} ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`,
        );
      });
    }, UNHANDLED_REJECTION);
    await page.goto(`${options.baseUrl ?? baseUrl}/?${params.toString()}`);
    await tab.ready();
    return tab;
  }

  /** Reloads the tab (Flex loses its in-memory state; the plugin reads it back from the tasks). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  private async ready(): Promise<void> {
    await this.page.locator('body[data-standin-ready="true"]').waitFor();
  }

  /** The indicator's state (`data-status`: recording, paused, completed, not_recorded, failed, ...). */
  async recordingStatus(): Promise<string | null> {
    return this.indicator().getAttribute('data-status');
  }

  /** The plugin's pause/resume toggle in the call controls (named "Pause recording" or "Resume recording"). */
  pauseButton(): Locator {
    return this.page
      .getByRole('toolbar', { name: 'Call controls' })
      .getByRole('button', { name: /^(Pause|Resume) recording$/ });
  }

  /** Presses Ctrl+Shift+<key> as an agent would (Flex reads the physical key: Digit9, KeyP). */
  async pressShortcut(key: string): Promise<void> {
    const code = /^\d$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`;
    await this.page.keyboard.press(`Control+Shift+${code}`);
  }

  /** The plugin's recording indicator (a status region in the call canvas). */
  indicator(): Locator {
    return this.page.getByTestId('call-canvas').getByRole('status');
  }

  /** A button on the page, by its accessible name. */
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Flex notifications shown by the plugin. */
  notifications(): Locator {
    return this.page.getByRole('region', { name: 'Notifications' }).getByRole('alert');
  }

  /** The reservation SID of the (only) task on screen. */
  async reservationSid(): Promise<string> {
    const sid = await this.page
      .locator('article[data-reservation-sid]')
      .first()
      .getAttribute('data-reservation-sid');
    if (!sid) throw new Error('no task on screen');
    return sid;
  }

  /** Saves the call canvas (or the whole page when there is none) as test-artifacts/e2e/<name>.png. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    const canvas = this.page.getByTestId('call-canvas');
    if ((await canvas.count()) > 0) {
      // The task card holds the canvas plus the controls and participants around it.
      await this.page.locator('article[data-reservation-sid]').first().screenshot({ path: file });
    } else {
      await this.page.screenshot({ path: file, fullPage: true });
    }
  }
}
