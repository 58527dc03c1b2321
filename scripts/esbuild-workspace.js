// The one esbuild setup of the Node bundles (the Functions' routes, npm start and npm run deploy, the
// CLI): CommonJS for Node, source inlined, npm packages left external (a require() resolved at run
// time from `dependencies`) except this repository's own workspace packages, which are TypeScript
// source and are bundled in.
const fs = require('fs');
const path = require('path');
const { build } = require('esbuild');

const ROOT = path.resolve(__dirname, '..');

/** The package name of every workspace the root package.json lists (each workspace's own package.json). */
function workspacePackageNames() {
  const { workspaces } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return workspaces.map(
    (dir) => JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')).name,
  );
}

/** Whether an import names a workspace package or one of its exports (`name` or `name/<export>`). */
function isWorkspaceImport(importPath, names) {
  return names.some((name) => importPath === name || importPath.startsWith(`${name}/`));
}

/** @type {import('esbuild').Plugin} */
const bundleWorkspacePackages = {
  name: 'bundle-workspace-packages',
  setup(pluginBuild) {
    const names = workspacePackageNames();
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      isWorkspaceImport(args.path, names) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Bundles `options.entryPoints` for Node (`target` defaults to node20, the oldest Node we run on);
 * sets a failing exit code when esbuild reports errors (it prints them itself).
 * @param {import('esbuild').BuildOptions} options
 */
function bundleForNode(options) {
  return build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    plugins: [bundleWorkspacePackages],
    ...options,
  }).catch(() => {
    process.exitCode = 1;
  });
}

module.exports = { bundleForNode, workspacePackageNames, isWorkspaceImport };
