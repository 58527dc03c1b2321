// Builds each route, src/functions/<route>.ts, into one self-contained dist/functions/<route>.js: our
// own code (routes/, webhooks/, steps/, rules/, http/, twilio/, config/) and the contract package
// bundled in, every other npm package left as a require() for Twilio to install from package.json `dependencies` at deploy. The folder is emptied first, so
// it holds exactly what `twilio serverless:deploy --functions-folder dist/functions` uploads.
const { readdirSync, rmSync } = require('fs');
const path = require('path');
const { bundleForNode } = require('../../scripts/esbuild-workspace');

const root = path.resolve(__dirname, '..');
const sourceDir = path.join(root, 'src', 'functions');
const outDir = path.join(root, 'dist', 'functions');

const routes = readdirSync(sourceDir).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'),
);
rmSync(outDir, { recursive: true, force: true });
void bundleForNode({
  entryPoints: routes.map((file) => path.join(sourceDir, file)),
  outdir: outDir,
  // New deployments run Node 22 (twilio-run 5's default runtime); the local Node 20 runs this too.
  target: 'node22',
});
