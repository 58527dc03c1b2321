#!/usr/bin/env node
'use strict';
// The CLI is one bundle (scripts/build.js): run `npm run build -w @dual-channel-recording/recordings-cli` first.
const { main } = require('../dist/main.js');

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
