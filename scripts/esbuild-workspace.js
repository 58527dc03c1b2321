// The one esbuild setup of the Node bundles (the Functions' routes, npm start and npm run deploy, the
// CLI): CommonJS for Node, source inlined, npm packages left external (a require() resolved at run
// time from `dependencies`) except this repository's own workspace packages
// (`@dual-channel-recording/*`), which are TypeScript source and are bundled in.
const { build } = require('esbuild');

const WORKSPACE_SCOPE = '@dual-channel-recording/';
// The Functions' package exports product code others share (e.g. `./seals`): bundled in as well.
const FUNCTIONS_PACKAGE = 'dual-channel-rec-serverless/';

/** @type {import('esbuild').Plugin} */
const bundleWorkspacePackages = {
  name: 'bundle-workspace-packages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith(WORKSPACE_SCOPE) || args.path.startsWith(FUNCTIONS_PACKAGE)
        ? undefined
        : { path: args.path, external: true },
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

module.exports = { bundleForNode };
