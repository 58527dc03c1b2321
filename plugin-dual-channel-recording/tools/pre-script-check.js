// `flex-plugin pre-script-check` expects ~/.twilio-cli/package.json, which only a Twilio CLI install
// creates. Give it a private HOME holding an empty one so a fresh machine installs without the CLI.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'flex-plugin-home-'));
fs.mkdirSync(path.join(home, '.twilio-cli'));
fs.writeFileSync(path.join(home, '.twilio-cli', 'package.json'), '{}');
const result = spawnSync('npx', ['--no-install', 'flex-plugin', 'pre-script-check'], {
  cwd: path.resolve(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, HOME: home, CI: 'true', PERSIST_TERMINAL: 'true' },
});
fs.rmSync(home, { recursive: true, force: true });
process.exit(result.status ?? 1);
