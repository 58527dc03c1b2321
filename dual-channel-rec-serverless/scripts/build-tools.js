// Bundles `npm run deploy` (deploy/deploy.ts → dist/deploy/deploy.js), the one Node tool of this
// workspace, with the contract package inlined (TypeScript source, no build of its own).
const path = require('path');
const { bundleForNode } = require('../../scripts/esbuild-workspace');

const root = path.resolve(__dirname, '..');
void bundleForNode({
  entryPoints: { 'deploy/deploy': path.join(root, 'deploy', 'deploy.ts') },
  outdir: path.join(root, 'dist'),
  sourcemap: true,
});
