// Bundles the CLI into one file, dist/main.js (the repository's esbuild setup, scripts/esbuild-workspace.js): our code
// and the contract package inlined, every other npm package a require() of this package's `dependencies`.
const { rmSync } = require('fs');
const path = require('path');
const { bundleForNode } = require('../../scripts/esbuild-workspace');

const root = path.resolve(__dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
void bundleForNode({
  entryPoints: [path.join(root, 'src', 'main.ts')],
  outfile: path.join(root, 'dist', 'main.js'),
  sourcemap: true,
});
