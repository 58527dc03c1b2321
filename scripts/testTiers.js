// Which jest test files belong to which tier of `npm test` (scripts/test.js), decided from where a file
// sits and what it starts, so that a test added on any branch lands in a tier without a list to edit.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/**
 * The jest projects of the repository: each workspace's own config (its transform, environment and
 * globals), under a name. The real-Flex suite (e2e/realflex) and the browser suites (e2e/browser,
 * Playwright) are tiers of their own and not listed here.
 */
const PROJECTS = [
  { name: 'contract', dir: 'contract', config: 'jest.config.js' },
  { name: 'functions', dir: 'dual-channel-rec-serverless', config: 'jest.config.js' },
  { name: 'cli', dir: 'recordings-cli', config: 'jest.config.js' },
  { name: 'plugin', dir: 'plugin-dual-channel-recording', config: 'jest.config.js' },
  { name: 'twilio-sandbox', dir: 'tools/twilio-sandbox', config: 'jest.config.js' },
  { name: 'local-stack', dir: 'tools/local-stack', config: 'jest.config.js' },
  { name: 'flex-page', dir: 'tools/flex-page', config: 'jest.config.js' },
  // The checks in scripts/ (the settings table of docs/admin-guide.md against the parsers, the tier rules).
  { name: 'docs', dir: 'scripts', config: 'jest.docs.config.js' },
  { name: 'bench', dir: 'tools/bench', config: 'jest.config.js' },
];

/**
 * What marks a test file that needs a server, a child process or the build: it starts the sandbox (itself
 * or through the sandbox's `useRoutedSandbox` test helper), the gateway, the local stack or twilio-run,
 * listens on a port, spawns a process, or reads built output.
 */
const NEEDS_SERVER =
  /\bstart(Stack|Sandbox|Gateway|Functions|Local\w*)\b|\buseRoutedSandbox\(|sandbox-server|local-stack|local-functions|twilio-run|\.listen\(|createServer\(|\bspawn(Sync)?\(|\bfork\(|\bexecFile(Sync)?\(|['"/]dist\//;

/** Test files under `dir` (skipping node_modules, builds and the browser suites' Playwright specs). */
function testFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'build', 'coverage'].includes(entry.name)) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(file));
    else if (/\.test\.tsx?$/.test(entry.name) && !/\.(e2e|realflex)\.test\.tsx?$/.test(entry.name))
      found.push(file);
  }
  return found;
}

/**
 * The tier of one jest test file: `contract` for the contract workspace (pure: the HTTP contract, the
 * task-attribute layout, retry and credentials); `integration` for a file under a workspace's `tests/`
 * folder other than `tests/unit/`, or one that starts a server or a process (NEEDS_SERVER); `unit` for
 * the rest.
 */
function tierOf(file, project) {
  if (project.name === 'contract') return 'contract';
  const inWorkspace = path.relative(path.join(ROOT, project.dir), file).split(path.sep);
  if (inWorkspace[0] === 'tests' && inWorkspace[1] !== 'unit') return 'integration';
  return NEEDS_SERVER.test(fs.readFileSync(file, 'utf8')) ? 'integration' : 'unit';
}

/** Every jest test file with its project and tier. */
function classify() {
  return PROJECTS.flatMap((project) => {
    const dir = path.join(ROOT, project.dir);
    // A nested workspace's files belong to it, not to the workspace around it.
    const nested = PROJECTS.filter((p) => p !== project && p.dir.startsWith(`${project.dir}/`)).map((p) =>
      path.join(ROOT, p.dir),
    );
    return testFiles(dir)
      .filter((file) => !nested.some((n) => file.startsWith(`${n}${path.sep}`)))
      .map((file) => ({ file, project, tier: tierOf(file, project) }));
  });
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Jest projects running exactly the files of `tiers`: each workspace's config with the other tiers'
 * files ignored. Projects with no file in the tiers are left out.
 */
function jestProjects(tiers) {
  const files = classify();
  return PROJECTS.flatMap((project) => {
    const mine = files.filter((f) => f.project === project);
    if (!mine.some((f) => tiers.includes(f.tier))) return [];
    const dir = path.join(ROOT, project.dir);
    const config = require(path.join(dir, project.config));
    const others = mine.filter((f) => !tiers.includes(f.tier)).map((f) => `^${escapeRegExp(f.file)}$`);
    return [
      {
        ...config,
        rootDir: config.rootDir ?? dir,
        displayName: project.name,
        testPathIgnorePatterns: ['/node_modules/', ...(config.testPathIgnorePatterns ?? []), ...others],
      },
    ];
  });
}

module.exports = { PROJECTS, NEEDS_SERVER, classify, tierOf, jestProjects, ROOT };
