import type { IncomingMessage, ServerResponse } from 'node:http';

import { SID_DIGITS } from '@dual-channel-recording/contract';
import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import type { CallActions } from './callActions';
import type { EventHub } from './eventHub';
import { readJsonObject, sendJson, stringField } from './http';
import { readPageAccessLog } from './accessLog';

/** What the `/api` routes need. */
export interface ApiContext {
  readonly sandbox: SandboxClient;
  readonly actions: CallActions;
  readonly events: EventHub;
  readonly sandboxUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The product's access-log Sync service (the supervisor's view of who played what). */
  readonly accessLogServiceSid: string;
  /** Queues offered for incoming calls, and the agents of the demo. */
  readonly queues: readonly string[];
  readonly agents: readonly string[];
}

type Handler = (match: RegExpExecArray, body: Record<string, unknown>, url: URL) => Promise<unknown>;

interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  /** Whether the route changes the sandbox (then every page is told to re-read it). */
  readonly mutates: boolean;
  readonly handler: Handler;
}

const SID = (prefix: string): string => `(${prefix}${SID_DIGITS})`;

/** A required string field, or a 400. */
function need(body: Record<string, unknown>, key: string): string {
  const value = stringField(body, key);
  if (!value) throw new RequestError(`${key} is required`);
  return value;
}

/** The Flex roles a person may sign in to the page with. */
const SIGN_IN_ROLES: readonly string[] = ['agent', 'supervisor'];

/**
 * The account's `ui_attributes` as Flex reads them when it starts: from the Flex Configuration API
 * (`GET /v1/Configuration`), the same document the Functions read, so the page never runs with a copy.
 */
async function fetchFlexUiAttributes(ctx: ApiContext): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`${ctx.accountSid}:${ctx.authToken}`).toString('base64');
  const answer = await fetch(`${ctx.sandboxUrl}/v1/Configuration`, {
    headers: { Authorization: `Basic ${auth}` },
  });
  const body = (await answer.json()) as { ui_attributes?: unknown; message?: unknown };
  if (!answer.ok)
    throw new Error(`Flex Configuration API answered ${answer.status}: ${String(body.message)}`);
  const ui = body.ui_attributes;
  return typeof ui === 'object' && ui !== null && !Array.isArray(ui) ? (ui as Record<string, unknown>) : {};
}

/** A bad request from the page. */
class RequestError extends Error {
  override readonly name = 'RequestError';
}

/** The `/api` routes of the page server: the page's same-origin door to the sandbox. */
export function createApiRoutes(ctx: ApiContext): Route[] {
  const { actions } = ctx;
  return [
    {
      method: 'GET',
      pattern: /^\/api\/session$/,
      mutates: false,
      handler: async (_m, _b, url) => {
        const agent = url.searchParams.get('agent') ?? 'alice';
        if (!/^[A-Za-z0-9_.-]{1,40}$/.test(agent)) throw new RequestError('agent must be a short name');
        const role = url.searchParams.get('role') ?? 'agent';
        if (!SIGN_IN_ROLES.includes(role))
          throw new RequestError(`role must be one of ${SIGN_IN_ROLES.join(', ')}`);
        const [worker, uiAttributes] = await Promise.all([
          actions.signIn(agent, [role]),
          fetchFlexUiAttributes(ctx),
        ]);
        return {
          ...worker,
          uiAttributes,
          queues: ctx.queues,
          agents: ctx.agents.filter((a) => a !== agent),
        };
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/state$/,
      mutates: false,
      handler: async () => ({ sandbox: await ctx.sandbox.state(), queues: actions.queueMap() }),
    },
    {
      method: 'GET',
      pattern: /^\/api\/access-log$/,
      mutates: false,
      handler: () => readPageAccessLog(ctx),
    },
    {
      method: 'POST',
      pattern: /^\/api\/calls\/inbound$/,
      mutates: true,
      handler: (_m, b) => actions.inbound(need(b, 'agent'), stringField(b, 'queueName')),
    },
    {
      method: 'POST',
      pattern: /^\/api\/calls\/outbound$/,
      mutates: true,
      handler: (_m, b) => actions.outbound(need(b, 'agent')),
    },
    {
      method: 'POST',
      pattern: /^\/api\/calls\/internal$/,
      mutates: true,
      handler: (_m, b) => actions.internal(need(b, 'agent'), need(b, 'toAgent')),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/tasks/${SID('WT')}/answer$`),
      mutates: true,
      handler: (m) => actions.answer(m[1]),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/tasks/${SID('WT')}/customer-hangup$`),
      mutates: true,
      handler: (m) => actions.customerHangup(m[1]),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/tasks/${SID('WT')}/transfer$`),
      mutates: true,
      handler: (m, b) => actions.transfer(m[1], need(b, 'toAgent')),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/reservations/${SID('WR')}/accept$`),
      mutates: true,
      handler: (m) => actions.accept(m[1]),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/reservations/${SID('WR')}/hangup$`),
      mutates: true,
      handler: (m) => actions.agentHangup(m[1]),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/api/reservations/${SID('WR')}/complete$`),
      mutates: true,
      handler: (m) => actions.complete(m[1]),
    },
    {
      method: 'POST',
      pattern: /^\/api\/reset$/,
      mutates: true,
      handler: () => actions.reset(),
    },
  ];
}

/** Streams a recording's stereo WAV from the sandbox's Recordings media endpoint. */
async function sendRecording(ctx: ApiContext, res: ServerResponse, recordingSid: string, download: boolean) {
  const media = `${ctx.sandboxUrl}/2010-04-01/Accounts/${ctx.accountSid}/Recordings/${recordingSid}.wav?RequestedChannels=2`;
  const auth = Buffer.from(`${ctx.accountSid}:${ctx.authToken}`).toString('base64');
  const answer = await fetch(media, { headers: { Authorization: `Basic ${auth}` } });
  const body = Buffer.from(await answer.arrayBuffer());
  res.writeHead(answer.status, {
    'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream',
    'Content-Length': body.length,
    ...(download && answer.ok ? { 'Content-Disposition': `attachment; filename="${recordingSid}.wav"` } : {}),
  });
  res.end(body);
}

/** Handles an `/api` request; answers 404 for unknown routes and names the error otherwise. */
export async function handleApi(
  ctx: ApiContext,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    if (req.method === 'GET' && url.pathname === '/api/events') {
      ctx.events.attach(res);
      return;
    }
    const media = new RegExp(`^/api/recordings/${SID('RE')}\\.wav$`).exec(url.pathname);
    if (req.method === 'GET' && media) {
      await sendRecording(ctx, res, media[1], url.searchParams.get('download') === '1');
      return;
    }
    for (const route of routes) {
      const match = route.method === req.method ? route.pattern.exec(url.pathname) : null;
      if (!match) continue;
      const body = req.method === 'POST' ? await readJsonObject(req) : {};
      const result = await route.handler(match, body, url);
      if (route.mutates) ctx.events.changed();
      sendJson(res, 200, result ?? { ok: true });
      return;
    }
    sendJson(res, 404, { error: `no route ${req.method ?? ''} ${url.pathname}` });
  } catch (error) {
    const status =
      error instanceof RequestError || error instanceof SyntaxError
        ? 400
        : typeof (error as { status?: unknown }).status === 'number'
          ? Number((error as { status: number }).status)
          : 500;
    sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
