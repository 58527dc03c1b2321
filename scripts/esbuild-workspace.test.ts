import type { BuildOptions, BuildResult } from 'esbuild';

// esbuild-workspace.js is CommonJS without types: what this test calls, typed here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workspaceBuild = require('./esbuild-workspace') as {
  bundleForNode(options: BuildOptions): Promise<BuildResult | undefined>;
  workspacePackageNames(): string[];
};

/** Bundles `source` as the Functions' and the CLI's builds do, and answers the bundle's text. */
async function bundle(source: string): Promise<string> {
  const result = await workspaceBuild.bundleForNode({
    stdin: { contents: source, resolveDir: __dirname, loader: 'ts' },
    write: false,
    logLevel: 'silent',
  });
  const text = result?.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error('the bundle failed');
  return text;
}

describe('the Node bundles of the workspaces (scripts/esbuild-workspace.js)', () => {
  it('knows every workspace of the root package.json by its package name', () => {
    expect(workspaceBuild.workspacePackageNames()).toEqual(
      expect.arrayContaining([
        '@dual-channel-recording/contract',
        'dual-channel-rec-serverless',
        'plugin-dual-channel-recording',
        '@dual-channel-recording/twilio-sandbox',
      ]),
    );
  });

  it('bundles every workspace package in, scoped or not, and leaves other npm packages external', async () => {
    const text = await bundle(
      [
        "import contract from '@dual-channel-recording/contract/package.json';",
        "import functions from 'dual-channel-rec-serverless/package.json';",
        "import plugin from 'plugin-dual-channel-recording/package.json';",
        "import { version } from 'esbuild';",
        'console.log(contract.name, functions.name, plugin.name, version);',
      ].join('\n'),
    );
    expect(text).not.toMatch(
      /require\("(@dual-channel-recording\/contract|dual-channel-rec-serverless|plugin-dual-channel-recording)/,
    );
    expect(text).toContain('"plugin-dual-channel-recording"');
    expect(text).toContain('require("esbuild")');
  });
});
