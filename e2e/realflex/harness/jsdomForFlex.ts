/*
 * What the real Flex UI bundle needs from a page that jsdom does not give (jest setupFiles; browsers have
 * all of it):
 * - Handlebars as a global: Flex's string templates call `Handlebars.compile` (Flex's page loads it);
 * - media playback that returns a promise: Flex's ringtone manager calls `audio.play().then(...)` while
 *   the module loads;
 * - the User Timing API (`performance.mark`, `measure`, `getEntriesByName`, ...): Flex's trackers time
 *   actions such as HangupCall with it. Node's implementation stands in for the browser's.
 */
import Handlebars from 'handlebars';
import { performance as nodePerformance } from 'perf_hooks';

Object.assign(globalThis, { Handlebars });
HTMLMediaElement.prototype.play = () => Promise.resolve();
HTMLMediaElement.prototype.pause = () => undefined;
HTMLMediaElement.prototype.load = () => undefined;

const userTiming = [
  'mark',
  'measure',
  'getEntriesByName',
  'getEntriesByType',
  'clearMarks',
  'clearMeasures',
] as const;
for (const name of userTiming) {
  if (typeof Reflect.get(performance, name) !== 'function') {
    const method = nodePerformance[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(performance, name, { value: method.bind(nodePerformance), configurable: true });
  }
}
