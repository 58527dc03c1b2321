/** The seals unit tests make and check with (a fixed secret, as a deployed service has one). */
import { createTaskSeals } from '../../src/rules/seals';

/** Seals keyed by a test secret. */
export const TEST_SEALS = createTaskSeals('unit-test-sealing-secret-0123456789');
