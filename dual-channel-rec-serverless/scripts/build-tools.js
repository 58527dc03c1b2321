// Bundles the dev tools Node runs from dist with esbuild: `npm run deploy` (src/deploy/deploy.ts →
// dist/deploy/deploy.js) and `npm start` (src/local/start.ts → dist/local/start.js). Bundling inlines
// the contract package (TypeScript source, no build of its own); npm packages stay external.
const { build } = require('esbuild');
const path = require('path');
const { bundleWorkspacePackages } = require('./esbuild-workspace');

const root = path.resolve(__dirname, '..');
build({
  entryPoints: {
    'deploy/deploy': path.join(root, 'src', 'deploy', 'deploy.ts'),
    'local/start': path.join(root, 'src', 'local', 'start.ts'),
    'gateway/measure-overhead': path.join(root, 'src', 'gateway', 'measure-overhead.ts'),
  },
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  plugins: [bundleWorkspacePackages],
  logLevel: 'warning',
}).catch(() => {
  // esbuild has printed the errors.
  process.exitCode = 1;
});
