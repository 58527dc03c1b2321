// Builds the production bundle with flex-plugin-scripts, then enforces the size budget.
// CI and PERSIST_TERMINAL keep flex-plugin-scripts from clearing the screen and asking questions.
const { spawnSync } = require('child_process');
const path = require('path');

const pluginDir = path.resolve(__dirname, '..');
const env = { CI: 'true', PERSIST_TERMINAL: 'true', ...process.env };
const run = (command, args) =>
  spawnSync(command, args, { cwd: pluginDir, stdio: 'inherit', env, shell: process.platform === 'win32' });

const build = run('npx', ['--no-install', 'flex-plugin', 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);
const size = run(process.execPath, [path.join(__dirname, 'bundle-size.js')]);
process.exit(size.status ?? 1);
