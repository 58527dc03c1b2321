/**
 * What `erase` asks of Twilio beyond the shared gateway: the Calls API's `To` / `From` filters, and a
 * task's attributes with their ETag and a conditional write (a media entry is removed without
 * overwriting a concurrent writer).
 */
import { TwilioApiError, isTwilioStatus } from '@dual-channel-recording/contract';
import type { TwilioConfig } from '../config';
import { ConfigError } from '../errors';
import type { Limiter } from '../limiter';
import type { TwilioRetryEvent } from '../retry';
import { DEFAULT_RETRY } from '../retry';
import { createTwilioClient, twilioCall } from '../twilio-gateway';

/** A call as the erasure report lists it. */
export interface ErasureCall {
  sid: string;
  direction: string;
  from: string;
  to: string;
  startTime: string | null;
}

/** The erase operations. */
export interface ErasureTwilio {
  /** Calls from or to `number` (two filtered reads), newest first, each once. */
  callsOf(number: string, window: { since: Date | null; until: Date | null }): Promise<ErasureCall[]>;
  /** The task's attributes and ETag, or null when the task is gone. */
  fetchTask(taskSid: string): Promise<{ attributes: Record<string, unknown>; etag: string } | null>;
  /** Writes the attributes if the task still has `etag`; false on 412 (someone wrote first). */
  updateTask(taskSid: string, attributes: Record<string, unknown>, etag: string): Promise<boolean>;
}

/** {@link ErasureTwilio} over the SDK and a plain conditional request. */
export function createErasureTwilio(
  config: TwilioConfig,
  options: { limiter: Limiter; onRetry?: (event: TwilioRetryEvent, what: string) => void },
): ErasureTwilio {
  const client = createTwilioClient(config);
  const call = twilioCall({ ...options, retry: DEFAULT_RETRY });
  const workspace = () => {
    if (!config.workspaceSid) throw new ConfigError('TWILIO_WORKSPACE_SID is not set (needed for erase)');
    return client.taskrouter.v1.workspaces(config.workspaceSid);
  };
  return {
    callsOf: async (number, window) => {
      const range = {
        ...(window.since ? { startTimeAfter: window.since } : {}),
        ...(window.until ? { startTimeBefore: window.until } : {}),
      };
      // Never the number in `what`: retry notices are printed.
      const [from, to] = await Promise.all([
        call('list calls from the number', () =>
          client.calls.list({ from: number, ...range, pageSize: 1000 }),
        ),
        call('list calls to the number', () => client.calls.list({ to: number, ...range, pageSize: 1000 })),
      ]);
      const seen = new Map<string, ErasureCall>();
      for (const c of [...from, ...to]) {
        const started = c.startTime ? c.startTime.getTime() : NaN;
        if (window.since && !(started >= window.since.getTime())) continue;
        if (window.until && !(started <= window.until.getTime())) continue;
        seen.set(c.sid, {
          sid: c.sid,
          direction: c.direction,
          from: c.from,
          to: c.to,
          startTime: c.startTime ? c.startTime.toISOString() : null,
        });
      }
      return [...seen.values()];
    },
    fetchTask: async (taskSid) => {
      workspace();
      // One raw read: the SDK's task instance drops the ETag, and attributes and ETag must agree.
      const res = await call(`fetch ${taskSid}`, async () => {
        const answer = await client.request({
          method: 'get',
          uri: `https://taskrouter.twilio.com/v1/Workspaces/${config.workspaceSid}/Tasks/${taskSid}`,
        });
        if (answer.statusCode === 404) return null;
        if (answer.statusCode >= 300) {
          throw new TwilioApiError(
            `Twilio answered ${answer.statusCode} reading the task`,
            answer.statusCode,
          );
        }
        return answer;
      });
      if (res === null) return null;
      const body: unknown = typeof res.body === 'string' ? JSON.parse(res.body) : res.body;
      const raw =
        typeof body === 'object' && body !== null ? (body as { attributes?: unknown }).attributes : undefined;
      let attributes: Record<string, unknown> = {};
      try {
        const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : {};
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          attributes = parsed as Record<string, unknown>;
      } catch {
        // Not JSON: nothing of ours can be in it.
      }
      const headers = (res.headers ?? {}) as Record<string, string | undefined>;
      return { attributes, etag: headers.etag ?? headers.ETag ?? '' };
    },
    updateTask: async (taskSid, attributes, etag) => {
      try {
        await call(`update ${taskSid}`, () =>
          workspace()
            .tasks(taskSid)
            .update({ attributes: JSON.stringify(attributes), ifMatch: etag }),
        );
        return true;
      } catch (err) {
        if (isTwilioStatus(err, 412)) return false;
        throw err;
      }
    },
  };
}
