import { createRecordingClient } from 'plugin-dual-channel-recording/src/services/createRecordingClient';
import { FunctionError, NetworkError } from 'plugin-dual-channel-recording/src/api/errors';
import type { BurstCall } from './setup';
import { createLightFetch } from './lightFetch';

/** One HTTP attempt at create-recording, timed at the client (epoch ms). */
export interface BurstAttempt {
  readonly startAt: number;
  readonly endAt: number;
  readonly status: number;
}

/** How one agent's create-recording went, through the plugin's own client (with its retries). */
export interface BurstOutcome {
  readonly call: BurstCall;
  readonly attempts: readonly BurstAttempt[];
  /** When the plugin's client settled (answer or final error), epoch ms. */
  readonly settledAt: number;
  /** 'created', 'already_recording', or the final error code (`twilio_unavailable`, `network`, ...). */
  readonly result: string;
}

/** The result of firing the burst. */
export interface BurstFire {
  readonly outcomes: readonly BurstOutcome[];
  /** First to last first-attempt send time. */
  readonly spreadMs: number;
}

/**
 * Fires one create-recording per call, evenly spread over `windowMs`, each through the plugin's own
 * Function client (src/services/createRecordingClient.ts: its retries of 429/503 with jittered
 * backoff and Retry-After), so the outcome is what an agent's browser would end up with.
 */
export async function fireBurst(
  functionsUrl: string,
  calls: readonly BurstCall[],
  windowMs: number,
): Promise<BurstFire> {
  const firstSends: number[] = [];
  // The browsers' transport is light (lightFetch.ts); the plugin's client above it is the real one.
  const transport = createLightFetch();
  const run = async (call: BurstCall): Promise<BurstOutcome> => {
    const attempts: BurstAttempt[] = [];
    const timedFetch: typeof fetch = async (input, init) => {
      const startAt = Date.now();
      if (attempts.length === 0) firstSends.push(startAt);
      try {
        // The answer comes back with its body read, so the attempt's end includes it.
        const response = await transport.fetch(input, init);
        attempts.push({ startAt, endAt: Date.now(), status: response.status });
        return response;
      } catch (error) {
        attempts.push({ startAt, endAt: Date.now(), status: 0 });
        throw error;
      }
    };
    const create = createRecordingClient({
      baseUrl: functionsUrl,
      getToken: () => call.token,
      fetch: timedFetch,
    });
    try {
      const answer = await create({
        taskSid: call.taskSid,
        reservationSid: call.reservationSid,
        callSid: call.callSid,
        channel: 'customer',
        // As the plugin sends it (Flex's task.conference.conferenceSid).
        conferenceSid: call.conferenceSid,
      });
      const result = answer.alreadyRecording ? 'already_recording' : 'created';
      return { call, attempts, settledAt: Date.now(), result };
    } catch (error) {
      const result =
        error instanceof FunctionError
          ? error.code
          : error instanceof NetworkError
            ? 'network'
            : String(error);
      return { call, attempts, settledAt: Date.now(), result };
    }
  };
  const step = windowMs / Math.max(1, calls.length);
  const outcomes = await Promise.all(
    calls.map(
      (call, i) =>
        new Promise<BurstOutcome>((resolve) => {
          setTimeout(() => resolve(run(call)), Math.round(i * step));
        }),
    ),
  ).finally(transport.close);
  return { outcomes, spreadMs: Math.max(...firstSends) - Math.min(...firstSends) };
}
