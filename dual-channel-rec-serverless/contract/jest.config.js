// The serverless workspace's ts-jest setup; `<rootDir>` is this folder, whose tests sit in src/.
module.exports = { ...require('../jest.config.js'), roots: ['<rootDir>/src'] };
