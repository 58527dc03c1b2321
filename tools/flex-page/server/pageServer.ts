import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import type { ApiContext } from './apiRoutes';
import { createApiRoutes, handleApi } from './apiRoutes';
import { PLUGIN_URL, contentSecurityPolicy, readAsset } from './assets';
import type { AccountSetup } from './callActions';
import { CallActions, SURVEY_QUEUE } from './callActions';
import { EventHub } from './eventHub';
import { sendJson } from './http';
import { watchSandbox } from './sandboxWatcher';

/** Options for {@link startPageServer}. */
export interface PageServerOptions {
  readonly sandbox: SandboxClient;
  readonly sandboxUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The product's access-log Sync service (ACCESS_LOG_SYNC_SERVICE_SID of the Functions). */
  readonly accessLogServiceSid: string;
  /**
   * The admin's set-up, written to the sandbox at start and after each reset: Flex's `ui_attributes`
   * (pages read them from the sandbox's Flex Configuration, as the Functions do), the Event Streams sink.
   */
  readonly account: AccountSetup;
  /** Where the Functions answer (the page's CSP lets the plugin and the replay view call them). */
  readonly functionsUrl: string;
  readonly queues?: readonly string[];
  readonly agents?: readonly string[];
  /** 0 (default) picks a free port. */
  readonly port?: number;
}

/** A running page server. */
export interface PageServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** What a page's buttons do, callable from tests too. */
  readonly actions: CallActions;
  /**
   * Tells open pages to re-read the sandbox now. Changes made to the sandbox directly reach them
   * anyway within a watcher interval; this is for a test that must not wait for it.
   */
  notifyPages(): void;
  close(): Promise<void>;
}

/** The plugins Flex loads, as Flex's plugin service (and `flex-plugin start`'s dev server) lists them. */
const PLUGINS = [{ name: 'plugin-dual-channel-recording', version: '0.1.0', src: PLUGIN_URL, phase: 3 }];

/**
 * Serves the page that runs the plugin inside the real Flex UI (HTML, the Flex vendor bundle, the page
 * bundle, the production plugin bundle), the plugin list at `/plugins` as Flex's plugin service serves
 * it, and the same-origin `/api` to the sandbox. Only on 127.0.0.1: it needs no secret from the page,
 * but it can drive the sandbox.
 */
export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const events = new EventHub();
  const actions = new CallActions(options.sandbox, options.account);
  await actions.setUpAccount();
  const ctx: ApiContext = {
    sandbox: options.sandbox,
    actions,
    events,
    sandboxUrl: options.sandboxUrl,
    accountSid: options.accountSid,
    authToken: options.authToken,
    accessLogServiceSid: options.accessLogServiceSid,
    queues: options.queues ?? ['Everyone', 'Sales', 'Do Not Record', SURVEY_QUEUE],
    agents: options.agents ?? ['alice', 'bob', 'carol'],
  };
  const routes = createApiRoutes(ctx);
  // The Functions, and the sandbox: Twilio's host of the short-lived media links the replay view plays.
  const csp = contentSecurityPolicy([
    new URL(options.functionsUrl).origin,
    new URL(options.sandboxUrl).origin,
  ]);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://flex-page.local');
    if (url.pathname.startsWith('/api/')) {
      void handleApi(ctx, routes, req, res, url);
      return;
    }
    if (url.pathname === '/plugins') {
      sendJson(res, 200, PLUGINS);
      return;
    }
    void readAsset(url.pathname).then((asset) => {
      if (!asset) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${url.pathname}`);
        return;
      }
      res
        .writeHead(200, {
          'Content-Type': asset.contentType,
          'Cache-Control': asset.cacheControl,
          'Content-Security-Policy': csp,
        })
        .end(asset.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const watcher = watchSandbox(options.sandbox, {
    onChange: () => events.changed(),
    active: () => events.size > 0,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    actions,
    notifyPages: () => events.changed(),
    close: () =>
      new Promise<void>((resolve) => {
        watcher.stop();
        events.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
