module.exports = require('../../scripts/jest-node')(['src']);
