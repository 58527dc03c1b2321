/** A budget from the issue, checked by the bench and reported (never a failed test). */
export interface BudgetCheck {
  readonly figure: string;
  readonly metric: string;
  readonly measured: string;
  readonly goal: string;
  /** undefined when the bench could not measure it (shown as "n/a", explained in the caveats). */
  readonly pass: boolean | undefined;
}

/** PASS, MISS or n/a for the table. */
export const verdict = (check: BudgetCheck): string =>
  check.pass === undefined ? 'n/a' : check.pass ? 'PASS' : 'MISS';

/** Builds a check whose verdict is `value <= limit` (or `>=` with `atLeast`). */
export function checkLimit(
  base: Omit<BudgetCheck, 'pass'>,
  value: number | undefined,
  limit: number,
  atLeast = false,
): BudgetCheck {
  const pass = value === undefined ? undefined : atLeast ? value >= limit : value <= limit;
  return { ...base, pass };
}

/**
 * The goals of issue 23, in one place for the budget table and the pictures' lines: our share of the
 * head (leg live in Flex's state → recording created) p99 below 300 ms, at most 7 Twilio requests per
 * start and at most 12 per recorded call over its whole life (the sink's included), every call type.
 */
export const GOALS = {
  ourShareP99BelowMs: 300,
  requestsPerStart: 7,
  perRecordedCallAtMost: 12,
} as const;
