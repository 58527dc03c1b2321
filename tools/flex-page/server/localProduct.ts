import { randomBytes } from 'node:crypto';

import type { Stack, StackOptions } from '@dual-channel-recording/local-stack';
import { freePort, startStack } from '@dual-channel-recording/local-stack';
import { missingBuilds } from './paths';
import type { PageServer } from './pageServer';
import { startPageServer } from './pageServer';

/**
 * The TaskRouter events the Functions' `/task-events` acts on, as the admin guide's subscription lists
 * them: after each, the call may be over for the last agent (the task's own end events: a reservation's
 * wrap-up never ends the call for the last agent while the task is still assigned), the task may have
 * entered an excluded queue, or its media entries are checked.
 */
const SUBSCRIBED_EVENT_TYPES = [
  'com.twilio.taskrouter.task.wrapup',
  'com.twilio.taskrouter.task.completed',
  'com.twilio.taskrouter.task.canceled',
  'com.twilio.taskrouter.task-queue.entered',
  'com.twilio.taskrouter.reservation.accepted',
];

/** Options for {@link startLocalProduct}. */
export interface LocalProductOptions {
  /** Ports (0 or absent: free ones). */
  readonly pagePort?: number;
  readonly functionsPort?: number;
  readonly sandboxPort?: number;
  /**
   * Whether the Functions also accept the page at http://localhost:<port> (default true). Tests turn
   * it off so that opening the page on localhost shows what a missing ALLOWED_ORIGINS entry does.
   */
  readonly allowLocalhostOrigin?: boolean;
  /** Extra settings merged over the defaults of `ui_attributes.dual_channel_recording`. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Extra env for the Functions. */
  readonly functionsEnv?: Record<string, string>;
  readonly forkProcess?: StackOptions['forkProcess'];
  readonly inheritOutput?: boolean;
}

/** The whole product on the local sandbox: sandbox + Functions under twilio-run + the Flex page. */
export interface LocalProduct {
  readonly stack: Stack;
  readonly page: PageServer;
  /** The page, on an origin the Functions allow (127.0.0.1). */
  readonly pageUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts everything a person (or a browser test) needs. The page and the Functions are on different
 * origins (different ports), so the browser enforces CORS exactly as for Flex calling twil.io; the
 * page's origins (127.0.0.1, and localhost unless turned off) go into the Functions' ALLOWED_ORIGINS.
 */
export async function startLocalProduct(options: LocalProductOptions = {}): Promise<LocalProduct> {
  const missing = missingBuilds();
  if (missing.length > 0) throw new Error(`build these first:\n  ${missing.join('\n  ')}`);
  const pagePort = options.pagePort || (await freePort());
  const origins = [`http://127.0.0.1:${pagePort}`];
  if (options.allowLocalhostOrigin ?? true) origins.push(`http://localhost:${pagePort}`);
  // The Event Streams sink's password, as an admin generates one for EVENTS_SINK_PASSWORD.
  const sinkPassword = randomBytes(24).toString('hex');
  const stack = await startStack({
    forkProcess: options.forkProcess ?? false,
    sandboxPort: options.sandboxPort,
    functionsPort: options.functionsPort,
    inheritOutput: options.inheritOutput,
    env: {
      EVENTS_SINK_PASSWORD: sinkPassword,
      ...(options.functionsEnv ?? {}),
      ALLOWED_ORIGINS: origins.join(','),
    },
  });
  let page: PageServer;
  try {
    page = await startPageServer({
      sandbox: stack.sandbox,
      sandboxUrl: stack.sandboxUrl,
      accountSid: stack.accountSid,
      authToken: stack.authToken,
      accessLogServiceSid: stack.accessLogServiceSid,
      port: pagePort,
      functionsUrl: stack.functionsUrl,
      account: {
        // One copy, in the sandbox's Flex Configuration: the plugin on the page and the Functions read it.
        uiAttributes: {
          dual_channel_recording: {
            serverless_domain: stack.functionsUrl,
            channel: 'customer',
            exclude_queues: ['Do Not Record'],
            ...(options.settings ?? {}),
          },
        },
        // TaskRouter's events reach POST /task-events (stop when the last agent leaves) as deployed.
        eventSink: {
          url: stack.functionsUrl.replace('://', `://events:${sinkPassword}@`) + '/task-events',
          types: SUBSCRIBED_EVENT_TYPES,
        },
        // Recordings are private: the replay view plays them through the url_provider, as Insights does.
        enforceMediaAuth: true,
      },
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return {
    stack,
    page,
    pageUrl: page.url,
    stop: async () => {
      await page.close();
      await stack.stop();
    },
  };
}
