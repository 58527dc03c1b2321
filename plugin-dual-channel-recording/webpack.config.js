// flex-plugin-scripts reads this to adjust its webpack configuration. Its Babel loader compiles only
// src/; the contract package (@dual-channel-recording/contract) is TypeScript source in another
// workspace, so the loader is widened to it (npm links it; webpack resolves the link to its real path).
const path = require('path');

const contractSrc = path.join(
  path.dirname(require.resolve('@dual-channel-recording/contract/package.json')),
  'src',
);

module.exports = (config) => {
  for (const rule of config.module.rules) {
    for (const loader of rule.oneOf ?? []) {
      if (typeof loader.loader === 'string' && loader.loader.includes('babel-loader') && loader.include) {
        loader.include = [...[loader.include].flat(), contractSrc];
      }
    }
  }
  return config;
};
