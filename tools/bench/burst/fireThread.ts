import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BurstFire } from './fire';
import type { BurstCall } from './setup';

/** What the main thread asks the clients' thread to fire (plain data, copied across). */
export interface FireRequest {
  readonly functionsUrl: string;
  readonly calls: readonly BurstCall[];
  readonly windowMs: number;
}

/** What the clients' thread says: loaded and waiting, or the burst's result. */
export type FireThreadMessage =
  { readonly kind: 'ready' } | { readonly kind: 'fired'; readonly fired: BurstFire };

/** The simulated agents' clients, loaded on a thread of their own. */
export interface FireThread {
  /** Fires one burst there (`fireBurst`) and brings its outcomes back. */
  readonly fire: (request: FireRequest) => Promise<BurstFire>;
  /** Stops the thread. */
  readonly close: () => Promise<void>;
}

// A worker thread starts with a fresh module system: it registers the same TypeScript hook as
// scripts/run-ts.js before loading its entry.
const TS_REGISTER = path.resolve(__dirname, '../../../scripts/ts-register.js');
const ENTRY = path.resolve(__dirname, 'fireThreadEntry.ts');

/** The next message from the thread, or its failure (an error thrown there, or an early exit). */
function nextMessage(worker: Worker): Promise<FireThreadMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FireThreadMessage): void => {
      off();
      resolve(message);
    };
    const onError = (error: Error): void => {
      off();
      reject(error);
    };
    const onExit = (code: number): void => {
      off();
      reject(new Error(`the burst clients' thread exited (code ${code}) before answering`));
    };
    const off = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/**
 * Starts the burst's simulated clients on a worker thread and resolves once the plugin's client is
 * loaded there, so that loading (compiling TypeScript) is not inside a timed burst. Deployed, each
 * agent's browser is its own machine; on one thread the 300 clients would queue the local Twilio
 * sandbox and the Functions gateway (same thread) behind them, so they get the other core.
 */
export async function startFireThread(): Promise<FireThread> {
  const worker = new Worker(`require(${JSON.stringify(TS_REGISTER)});\nrequire(${JSON.stringify(ENTRY)});`, {
    eval: true,
  });
  const ready = await nextMessage(worker).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  if (ready.kind !== 'ready') throw new Error(`the burst clients' thread said ${ready.kind} before ready`);
  return {
    fire: async (request) => {
      const answer = nextMessage(worker);
      worker.postMessage(request);
      const message = await answer;
      if (message.kind !== 'fired')
        throw new Error(`the burst clients' thread said ${message.kind}, not fired`);
      return message.fired;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}
