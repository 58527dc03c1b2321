// The burst clients' worker thread (started by fireThread.ts): loads the plugin's client, says so,
// then fires each burst it is sent and posts the outcomes back. Times are Date.now() epoch ms, the
// same clock as the main thread's.
import { parentPort } from 'node:worker_threads';
import { fireBurst } from './fire';
import type { FireRequest, FireThreadMessage } from './fireThread';

const port = parentPort;
if (!port) throw new Error('fireThreadEntry.ts runs only as a worker thread (see fireThread.ts)');

const post = (message: FireThreadMessage): void => port.postMessage(message);

port.on('message', (request: FireRequest) => {
  // Not awaited: the port's listener returns at once; a failure is thrown on the thread, which the
  // main thread receives as the Worker's 'error'.
  void fireBurst(request.functionsUrl, request.calls, request.windowMs).then((fired) =>
    post({ kind: 'fired', fired }),
  );
});
post({ kind: 'ready' });
