// The serverless workspace's ts-jest setup; `<rootDir>` is this folder (src/ and tests/).
module.exports = require('../jest.config.js');
