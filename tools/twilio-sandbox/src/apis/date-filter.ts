import type { ParamValues } from '../openapi/validator';

/**
 * Twilio's date filters on a 2010 list, for the field named `field` (`DateCreated`, `StartTime`):
 * `field` (equal), `field<` (on or before) and `field>` (on or after). A bare date (YYYY-MM-DD)
 * compares by day; a date-time compares exactly. An absent filter keeps everything.
 */
export function matchesDateFilters(query: ParamValues, field: string, at: Date): boolean {
  const check = (value: unknown, cmp: (a: number, b: number) => boolean): boolean => {
    if (typeof value !== 'string') return true;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value))
      return cmp(Date.parse(at.toISOString().slice(0, 10)), Date.parse(value));
    return cmp(at.getTime(), Date.parse(value));
  };
  return (
    check(query[field], (a, b) => a === b) &&
    check(query[`${field}<`], (a, b) => a <= b) &&
    check(query[`${field}>`], (a, b) => a >= b)
  );
}
