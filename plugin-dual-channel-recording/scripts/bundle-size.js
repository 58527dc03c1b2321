// Prints the production bundle's raw and gzip size and fails when gzip exceeds the budget.
// Usage: node scripts/bundle-size.js [bundle path] (default build/plugin-dual-channel-recording.js)
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const BUDGET_GZIP_BYTES = 30 * 1024;
const bundle = path.resolve(
  process.argv[2] || path.join(__dirname, '..', 'build', 'plugin-dual-channel-recording.js'),
);

if (!fs.existsSync(bundle)) {
  console.error(`bundle-size: ${bundle} does not exist; run the build first`);
  process.exit(1);
}
const raw = fs.readFileSync(bundle);
const gzip = zlib.gzipSync(raw, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(
  `bundle-size: ${path.basename(bundle)} raw ${kb(raw.length)} (${raw.length} B), gzip ${kb(gzip)} (${gzip} B), budget ${kb(BUDGET_GZIP_BYTES)} gzip`,
);
if (gzip > BUDGET_GZIP_BYTES) {
  console.error(`bundle-size: over budget by ${kb(gzip - BUDGET_GZIP_BYTES)} gzip`);
  process.exit(1);
}
