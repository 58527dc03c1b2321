// The jest tiers of `npm test` (scripts/test.js) as one multi-project run: TEST_TIERS names the tiers
// (unit, contract, integration; default all three), scripts/testTiers.js decides each file's tier.
const { jestProjects } = require('./testTiers');

const tiers = (process.env.TEST_TIERS || 'unit,contract,integration').split(',');

/** @type {import('jest').Config} */
module.exports = { projects: jestProjects(tiers) };
