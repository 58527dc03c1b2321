/**
 * Every writer of a Flex Insights media entry writes the same entry: what the contract's one builder
 * (`buildMediaEntry`) makes from Twilio's facts about the recording, `url_provider` always included
 * and pointing at this service's playback route for that recording and task. Without `url_provider`
 * Insights loads the REST URL with no credentials, which an account enforcing HTTP auth on media
 * refuses: such a recording could never be played. The built Functions under twilio-run behind the
 * local gateway, against the sandbox.
 */
import { buildMediaEntry, type MediaEntry, type RecordingChannel } from '@dual-channel-recording/contract';
import type { Stack } from '@dual-channel-recording/local-stack';
import { leaveUnnamedRecording, postFunction } from '../helpers/functions-http';
import { withStack } from '../helpers/stack';

let stack: Stack;
withStack((started) => (stack = started));

/** The stack's PUBLIC_BASE_URL: the address Twilio and the Insights player reach this service at. */
const serviceBaseUrl = (): string => `http://127.0.0.1:${new URL(stack.functionsUrl).port}`;

/** A recording a writer named on a task, and where on the task the writer put its entry. */
interface Written {
  taskSid: string;
  recordingSid: string;
  channel: RecordingChannel;
  /** `conversations.media` (customer leg) or `reservation_attributes[WR…].media` (worker leg). */
  media: (attributes: Record<string, unknown>) => unknown;
}

const taskLevel = (attributes: Record<string, unknown>): unknown =>
  (attributes.conversations as { media?: unknown } | undefined)?.media;

/** Twilio's start time of the recording, as its REST resource reports it (RFC 2822, whole seconds). */
async function twilioStartTime(recordingSid: string): Promise<Date> {
  const auth = Buffer.from(`${stack.accountSid}:${stack.authToken}`).toString('base64');
  const res = await fetch(
    `${stack.sandboxUrl}/2010-04-01/Accounts/${stack.accountSid}/Recordings/${recordingSid}.json`,
    { headers: { Authorization: `Basic ${auth}`, 'X-Sandbox-Original-Host': 'api.twilio.com' } },
  );
  expect(res.status).toBe(200);
  const { start_time: start } = (await res.json()) as { start_time: string };
  return new Date(start);
}

/** create-recording, for the customer's leg or the agent's own. */
async function createRecording(channel: RecordingChannel): Promise<Written> {
  const worker = await stack.sandbox.createWorker({ identity: 'alice' });
  const call = await stack.sandbox.inboundCall({ workerSid: worker.workerSid });
  const callSid = channel === 'customer' ? call.customerCallSid! : call.workerCallSid!;
  const res = await postFunction(stack, '/create-recording', {
    Token: worker.token,
    taskSid: call.taskSid,
    reservationSid: call.reservationSid,
    callSid,
    channel,
  });
  expect(res.status).toBe(201);
  return {
    taskSid: call.taskSid,
    recordingSid: String(res.body.recordingSid),
    channel,
    media:
      channel === 'customer'
        ? taskLevel
        : (attributes) =>
            (attributes.reservation_attributes as Record<string, { media?: unknown }> | undefined)?.[
              call.reservationSid
            ]?.media,
  };
}

/** The status callback's adoption of a recording no request named (its call ended with it running). */
async function adoptUnnamedRecording(): Promise<Written> {
  const { call, orphan } = await leaveUnnamedRecording(stack);
  await stack.sandbox.hangup(call.customerCallSid!);
  expect(stack.logs()).toContain('callback_adopted');
  return { taskSid: call.taskSid, recordingSid: orphan.sid, channel: 'customer', media: taskLevel };
}

const WRITERS: Array<[string, () => Promise<Written>]> = [
  ['create-recording, customer leg (conversations.media)', () => createRecording('customer')],
  ['create-recording, agent leg (reservation_attributes[WR].media)', () => createRecording('worker')],
  ['recording-status, adopting a recording no request named', adoptUnnamedRecording],
];

describe('every media-entry writer writes what the one builder makes', () => {
  it.each(WRITERS)(
    '%s: the entry is buildMediaEntry of Twilio’s facts, url_provider naming this service’s playback route, the recording and the task',
    async (_writer, write) => {
      const written = await write();
      const task = await stack.sandbox.task(written.taskSid);
      const media = written.media(task.attributes);
      expect(Array.isArray(media)).toBe(true);
      const entries = (media as MediaEntry[]).filter((m) => m.url.endsWith(written.recordingSid));
      expect(entries).toHaveLength(1);
      const [entry] = entries;

      expect(entry).toEqual(
        buildMediaEntry({
          accountSid: stack.accountSid,
          recordingSid: written.recordingSid,
          taskSid: written.taskSid,
          channel: written.channel,
          startedAt: await twilioStartTime(written.recordingSid),
          // Twilio reported a start time to every writer, so the write's time is never used.
          now: Number.NaN,
          serviceBaseUrl: serviceBaseUrl(),
        }),
      );
      const provider = new URL(entry.url_provider);
      expect(`${provider.origin}${provider.pathname}`).toBe(`${serviceBaseUrl()}/playback-recording`);
      expect(Object.fromEntries(provider.searchParams)).toEqual({
        recordingSid: written.recordingSid,
        taskSid: written.taskSid,
      });
    },
    30_000,
  );
});
