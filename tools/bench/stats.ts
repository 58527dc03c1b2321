/** Summary statistics for the bench: medians, percentiles and ratios, never single samples. */

/** The value at quantile `q` (0..1) by nearest rank; undefined for no samples. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

/** The median (nearest rank, lower of the two middles). */
export const median = (values: readonly number[]): number | undefined => quantile(values, 0.5);

/** Mean, or undefined for no samples. */
export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** a / b, or undefined when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** The defined numbers of a list. */
export const defined = (values: ReadonlyArray<number | undefined>): number[] =>
  values.filter((v): v is number => v !== undefined && Number.isFinite(v));

/** Formats milliseconds for the table (1 decimal below 10 ms). */
export function ms(value: number | undefined): string {
  if (value === undefined) return 'n/a';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}
