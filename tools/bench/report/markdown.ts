/** Small Markdown helpers for the generated report. */

/** A Markdown table; cells are escaped for pipes. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cell = (value: string): string => value.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A number with a fixed number of decimals, or n/a. */
export const num = (value: number | undefined, decimals = 0): string =>
  value === undefined ? 'n/a' : value.toFixed(decimals);
