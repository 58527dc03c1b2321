/**
 * `npm test` runs this first: it names the browser the browser tests will drive, or stops with one
 * line saying how to get one (instead of every browser test failing on a missing executable).
 */
import { findBrowser } from '../browser/findBrowser';

const browser = findBrowser();
if ('problem' in browser) {
  console.error(browser.problem);
  process.exit(1);
}
console.log(`Browser tests use ${browser.path}`);
