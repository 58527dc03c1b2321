// The build-time constants flex-plugin-scripts defines (__FPB_*), which constructing the plugin class
// reads; shared by the unit (jest.config.js) and real-Flex (realflex/jest.config.js) suites.
module.exports = {
  __FPB_PLUGIN_UNIQUE_NAME: 'plugin-dual-channel-recording',
  __FPB_PLUGIN_VERSION: '0.0.0-test',
  __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: '7.1.2',
  __FPB_FLEX_PLUGIN_VERSION: '7.1.2',
  __FPB_FLEX_UI_VERSION: '2.17.1',
  __FPB_REACT_VERSION: '17.0.2',
  __FPB_REACT_DOM_VERSION: '17.0.2',
};
