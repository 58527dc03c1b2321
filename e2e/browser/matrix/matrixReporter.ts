import path from 'node:path';

import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

import { CALL_TYPES } from './callTypes';
import { FAULTS } from './faults';
import type { CellResult } from './report';
import { CELL_ANNOTATION, renderMatrix, writeMatrix } from './report';

/** test-artifacts/ at the repository root (this file is e2e/browser/matrix/). */
const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts');

/**
 * Collects the fault matrix's cells from the test results (each cell annotates its outcome), whichever
 * worker ran them and whatever attempt passed last, and writes the table to
 * `test-artifacts/fault-matrix.md` at the end of the run. Cells that do not exist (an internal call has no
 * "before accept") are `n/a`; cells the run did not reach are `not run`.
 */
export default class MatrixReporter implements Reporter {
  private readonly cells = new Map<string, CellResult>();

  onTestEnd(test: TestCase, result: TestResult): void {
    // Annotations added while the test runs: on the result (this attempt), and on the test case.
    for (const annotation of [...test.annotations, ...result.annotations]) {
      if (annotation.type !== CELL_ANNOTATION || !annotation.description) continue;
      const cell = JSON.parse(annotation.description) as CellResult;
      this.cells.set(`${cell.fault}\u0000${cell.callType}`, cell);
    }
  }

  onEnd(): void {
    if (this.cells.size === 0) return;
    const absent: CellResult[] = FAULTS.flatMap((fault) =>
      CALL_TYPES.filter((c) => fault.hangup === 'before-accept' && !c.hasAcceptStep).map((c) => ({
        fault: fault.label,
        callType: c.label,
      })),
    );
    const table = renderMatrix(FAULTS, CALL_TYPES, [...this.cells.values(), ...absent]);
    const file = writeMatrix(ARTIFACTS, table);
    console.log(`\nFault matrix (${path.relative(process.cwd(), file)}):\n\n${table}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
