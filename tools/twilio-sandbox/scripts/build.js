// Bundles the two files that run under plain Node, dist/main.js (the sandbox on its own) and
// dist/preload.js (loaded with --require into every process that must reach the sandbox instead of
// *.twilio.com), with the repository's esbuild setup (scripts/esbuild-workspace.js): the sandbox's code
// and the contract package (TypeScript source) inlined, every other npm package a require().
const { rmSync } = require('fs');
const path = require('path');
const { bundleForNode } = require('../../../scripts/esbuild-workspace');

const root = path.resolve(__dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
void bundleForNode({
  entryPoints: {
    main: path.join(root, 'src', 'main.ts'),
    preload: path.join(root, 'src', 'preload.ts'),
  },
  outdir: path.join(root, 'dist'),
  sourcemap: true,
});
