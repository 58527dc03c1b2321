// Runs a TypeScript entry point (e2e/start.ts) without a build step: Node compiles each .ts file
// through TypeScript's transpileModule as it loads it. Types are checked by `npm run typecheck`.
const fs = require('fs');
const path = require('path');

let ts;
try {
  ts = require('typescript');
} catch {
  console.error('TypeScript is not installed: run `npm install` (or `npm ci`) at the repository root first.');
  process.exit(1);
}

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node run-ts.js <file.ts> [args...]');
  process.exit(2);
}
require(path.resolve(entry));
