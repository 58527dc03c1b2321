// Bundles the dev tools Node runs from dist: `npm run deploy` (src/deploy/deploy.ts →
// dist/deploy/deploy.js) and `npm start` (src/local/start.ts → dist/local/start.js), with the
// contract package inlined (TypeScript source, no build of its own).
const path = require('path');
const { bundleForNode } = require('../../scripts/esbuild-workspace');

const root = path.resolve(__dirname, '..');
void bundleForNode({
  entryPoints: {
    'deploy/deploy': path.join(root, 'src', 'deploy', 'deploy.ts'),
    'local/start': path.join(root, 'src', 'local', 'start.ts'),
    'gateway/measure-overhead': path.join(root, 'src', 'gateway', 'measure-overhead.ts'),
  },
  outdir: path.join(root, 'dist'),
  sourcemap: true,
});
