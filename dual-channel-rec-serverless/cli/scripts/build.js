// Bundles the CLI into one file, dist/main.js, with esbuild: our code and the contract package
// (TypeScript source, no build of its own) inlined, every other npm package left as a require() of
// this package's `dependencies`.
const { build } = require('esbuild');
const { rmSync } = require('fs');
const path = require('path');
const { bundleWorkspacePackages } = require('../../scripts/esbuild-workspace');

const root = path.resolve(__dirname, '..');
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
build({
  entryPoints: [path.join(root, 'src', 'main.ts')],
  outfile: path.join(root, 'dist', 'main.js'),
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
