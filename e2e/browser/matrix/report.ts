import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Outcome } from './oracle';

/** The annotation type a cell's test carries its {@link CellResult} in (JSON), for the matrix reporter. */
export const CELL_ANNOTATION = 'fault-matrix-cell';

/** One judged (or skipped) cell. */
export interface CellResult {
  readonly fault: string;
  readonly callType: string;
  /** Undefined for a cell that does not exist (an internal call has no "before accept"). */
  readonly outcome?: Outcome;
  readonly seconds?: number;
}

/**
 * A cell's text: `recorded`, `named reason: <what the agent sees>`, `canceled before accept: …`,
 * `FAIL: <why>`, or `n/a`.
 */
function cellText(result: CellResult | undefined): string {
  const outcome = result?.outcome;
  if (!result) return 'not run';
  if (!outcome) return 'n/a';
  switch (outcome.kind) {
    case 'recorded':
      return 'recorded';
    case 'named_reason':
      return `named reason: ${outcome.detail}`;
    case 'not_accepted':
      return `canceled before accept: ${outcome.detail}`;
    case 'fail':
      return `FAIL: ${outcome.detail}`;
  }
}

/** The faults × call types table as Markdown, plus totals. */
export function renderMatrix(
  faults: readonly { readonly label: string }[],
  callTypes: readonly { readonly label: string }[],
  results: readonly CellResult[],
): string {
  const find = (fault: string, callType: string): CellResult | undefined =>
    results.find((r) => r.fault === fault && r.callType === callType);
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `| fault | ${callTypes.map((c) => c.label).join(' | ')} |`,
    `| --- | ${callTypes.map(() => '---').join(' | ')} |`,
    ...faults.map(
      (f) =>
        `| ${escape(f.label)} | ${callTypes.map((c) => escape(cellText(find(f.label, c.label)))).join(' | ')} |`,
    ),
  ];
  const judged = results.filter((r) => r.outcome);
  const count = (kind: Outcome['kind']): number => judged.filter((r) => r.outcome?.kind === kind).length;
  const seconds = judged.reduce((sum, r) => sum + (r.seconds ?? 0), 0);
  lines.push(
    '',
    `${judged.length} cells: ${count('recorded')} recorded, ${count('named_reason')} named reason, ` +
      `${count('not_accepted')} canceled before accept, ${count('fail')} FAIL; ${Math.round(seconds)} s of cell time.`,
  );
  return lines.join('\n');
}

/** Writes the table to `<dir>/fault-matrix.md`. */
export function writeMatrix(dir: string, markdown: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'fault-matrix.md');
  writeFileSync(file, `# Fault matrix (browser end-to-end)\n\n${markdown}\n`);
  return file;
}
