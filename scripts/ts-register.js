// Lets Node load TypeScript without a build step: registers a require hook that compiles each .ts file
// through TypeScript's transpileModule as it loads it (no type check: `npm run typecheck` does that).
// Required by run-ts.js, and by worker threads (tools/bench's burst clients), which start with a fresh
// module system and so need the hook registered again.
const fs = require('fs');

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
