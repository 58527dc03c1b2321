import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { BrowserContext, Locator, Page } from 'playwright-core';

import { REPO_ROOT } from '../server/paths';

/** Where scenario screenshots go (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** How long a page may take to load the Flex UI (a 17 MB bundle) and start the plugin on a busy machine. */
export const PAGE_READY_TIMEOUT_MS = 60_000;

/** How a test opens the Flex page. */
export interface OpenOptions {
  /** The agent's identity (default alice). */
  readonly agent?: string;
  /** The Flex role the person signs in with (default agent; a supervisor gets the replay view's rights). */
  readonly role?: 'agent' | 'supervisor';
  /** Open on another origin of the same server (e.g. http://localhost:<port>). */
  readonly baseUrl?: string;
}

/** The Flex page's URL for `options` (agent, role, origin). */
function pageUrl(baseUrl: string, options: OpenOptions): string {
  const params = new URLSearchParams({ agent: options.agent ?? 'alice' });
  if (options.role) params.set('role', options.role);
  return `${options.baseUrl ?? baseUrl}/?${params.toString()}`;
}

/** What the page logs for a promise rejection nobody handled (see {@link AgentPage.open}). */
const UNHANDLED_REJECTION = '[e2e] unhandledrejection:';

/**
 * One agent's tab of the Flex page, with the locators the scenarios use (by role and name). Flex's own
 * components answer for the call: the task canvas's Hang up and Complete, the plugin's indicator and
 * pause button inside Flex's CallCanvas / CallCanvasActions, Flex's NotificationBar.
 */
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

  /** Opens the page and waits until Flex has initialised the plugin and rendered the desktop. */
  static async open(context: BrowserContext, baseUrl: string, options: OpenOptions = {}): Promise<AgentPage> {
    const agent = options.agent ?? 'alice';
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
    await page.goto(pageUrl(baseUrl, { ...options, agent }));
    await tab.ready();
    return tab;
  }

  /**
   * Opens the page again in this tab, for the same agent (a fault-matrix cell with new settings): the
   * same browser context and tab, so the Flex bundle comes from the HTTP cache; Flex and the plugin start
   * afresh, reading the settings and the sandbox as a new tab would.
   */
  async reopen(baseUrl: string, options: Omit<OpenOptions, 'agent'> = {}): Promise<void> {
    await this.page.goto(pageUrl(baseUrl, { ...options, agent: this.agent }));
    await this.ready();
  }

  /**
   * Waits until the page has applied a read of the sandbox begun after `notify` (which tells the pages the
   * sandbox changed: `product.page.notifyPages`): everything the sandbox held before the call is on the page.
   */
  async caughtUp(notify: () => void): Promise<void> {
    const started = Number((await this.page.locator('body').getAttribute('data-state-reads-started')) ?? 0);
    notify();
    await this.page.waitForFunction(
      (read) => Number(document.body.dataset.stateReadsApplied ?? 0) > read,
      started,
    );
  }

  /** Reloads the tab (Flex loses its in-memory state; the plugin reads it back from the tasks). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  private async ready(): Promise<void> {
    await this.page.locator('body[data-page-ready="true"]').waitFor({ timeout: PAGE_READY_TIMEOUT_MS });
  }

  /** The indicator's state (`data-status`: recording, paused, completed, not_recorded, failed, ...). */
  async recordingStatus(): Promise<string | null> {
    return this.indicator().getAttribute('data-status');
  }

  /** The plugin's pause/resume toggle in Flex's call controls ("Pause recording" / "Resume recording"). */
  pauseButton(): Locator {
    return this.page
      .getByTestId('task-details-buttons')
      .getByRole('button', { name: /^(Pause|Resume) recording$/ });
  }

  /** The ids of Flex's call controls (CallCanvasActions), in the order Flex renders them. */
  async callControls(): Promise<string[]> {
    const buttons = this.page.getByTestId('task-details-buttons').getByRole('button');
    return buttons.evaluateAll((all) =>
      all.map((b) => b.getAttribute('data-testid') ?? b.getAttribute('aria-label') ?? ''),
    );
  }

  /** Presses Ctrl+Shift+<key> as an agent would (Flex reads the physical key: Digit9, KeyP). */
  async pressShortcut(key: string): Promise<void> {
    const code = /^\d$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`;
    await this.page.keyboard.press(`Control+Shift+${code}`);
  }

  /** The plugin's recording indicator (a status region) in Flex's call canvas of the selected task. */
  indicator(): Locator {
    return this.page.getByTestId('call-canvas').getByRole('status');
  }

  /** A button on the page, by its accessible name. */
  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** Accepts the ringing task (the page's task list invokes Flex's SelectTask, then AcceptTask). */
  async accept(): Promise<void> {
    await this.button('Accept').click();
  }

  /**
   * Flex's own hang-up button in the call controls (Flex's HangupCall action): `hangup-footer` on a live
   * call, whatever Flex names it ("Leave call" while another agent is on it), or "Hang up" on Flex's
   * canvas of an outbound call that still rings.
   */
  async hangUp(): Promise<void> {
    await this.page
      .getByTestId('task-details-buttons')
      .locator('[data-testid="hangup-footer"], button[aria-label="Hang up"]')
      .first()
      .click();
  }

  /** Flex's own Complete button in the task canvas header (Flex's CompleteTask action). */
  async complete(): Promise<void> {
    await this.button('Complete').click();
  }

  /** Selects the task in the task list, as an agent clicks it (Flex renders the canvas of that task only). */
  async select(): Promise<void> {
    await this.page
      .locator('article[data-reservation-sid]')
      .first()
      .getByRole('button', { name: 'Select' })
      .click();
  }

  /** Waits until the agent has no task on screen. */
  async noTasks(): Promise<void> {
    await this.page.getByText(/^No tasks\./).waitFor();
  }

  /** What Flex's NotificationBar shows (each notification's container, text included). */
  notifications(): Locator {
    return this.page.getByRole('region', { name: 'Notifications' }).getByTestId('notification-container');
  }

  /** From now on, the URLs of the requests this tab sends under `urlPrefix` (e.g. the Functions' URL). */
  requestsTo(urlPrefix: string): readonly string[] {
    const urls: string[] = [];
    this.page.on('request', (request) => {
      if (request.url().startsWith(urlPrefix)) urls.push(request.url());
    });
    return urls;
  }

  /** From now on, the JSON bodies of the POSTs this tab sends to `url` (e.g. a Function's URL). */
  postedTo(url: string): readonly unknown[] {
    const bodies: unknown[] = [];
    this.page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === url) bodies.push(request.postDataJSON());
    });
    return bodies;
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

  /** Saves the agent's column (tasks and Flex's task canvas) as test-artifacts/e2e/<name>.png. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.locator('.flexpage-agent').screenshot({ path: file });
    return file;
  }
}
