// flex-plugin-scripts reads <plugin>/node_modules/{react,react-dom,@twilio/flex-ui}/package.json
// directly; npm workspaces hoist them to the root, so link them back (npm 11, 2026-11).
const fs = require('fs');
const path = require('path');

const pluginDir = path.resolve(__dirname, '..');
const rootModules = path.resolve(pluginDir, '..', 'node_modules');
const localModules = path.join(pluginDir, 'node_modules');

for (const name of ['react', 'react-dom', '@twilio/flex-ui', '@twilio/flex-plugin']) {
  const target = path.join(rootModules, name);
  const link = path.join(localModules, name);
  if (!fs.existsSync(target) || fs.existsSync(link)) continue;
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), target), link, 'dir');
}
