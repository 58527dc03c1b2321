// Runs a TypeScript entry point (e2e/start.ts) without a build step: Node compiles each .ts file
// through TypeScript's transpileModule as it loads it (the hook in ts-register.js). Types are checked
// by `npm run typecheck`.
const path = require('path');

require('./ts-register');

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node run-ts.js <file.ts> [args...]');
  process.exit(2);
}
require(path.resolve(entry));
