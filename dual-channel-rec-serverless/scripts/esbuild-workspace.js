// An esbuild plugin shared by the Functions' and the CLI's builds: npm packages stay external (a
// require() resolved at run time from `dependencies`), except this repository's own workspace
// packages (`@dual-channel-recording/*`), which are TypeScript source and are bundled in.
const WORKSPACE_SCOPE = '@dual-channel-recording/';

/** @type {import('esbuild').Plugin} */
const bundleWorkspacePackages = {
  name: 'bundle-workspace-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith(WORKSPACE_SCOPE) ? undefined : { path: args.path, external: true },
    );
  },
};

module.exports = { bundleWorkspacePackages };
