#!/usr/bin/env node
'use strict';
// The CLI is compiled TypeScript: run `npm run build -w dual-channel-rec-serverless` first.
const { main } = require('../dist/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(
      `dual-channel-recordings: unexpected error: ${err && err.stack ? err.stack : err}\n`,
    );
    process.exitCode = 70;
  },
);
