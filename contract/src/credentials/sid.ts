/**
 * Twilio SIDs: a two-letter prefix naming the resource type and 32 hex digits. The one pattern the
 * Functions, the CLI and the contract's parsers check SIDs with.
 */

/** The 32 hex digits after a SID's prefix, as a regular-expression source. */
export const SID_DIGITS = '[0-9a-fA-F]{32}';

/** A pattern matching exactly a SID with `prefix` (e.g. `sidPattern('WT')`). */
export function sidPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}${SID_DIGITS}$`);
}

/** True when `value` is a SID with `prefix`: the prefix and 32 hex digits, nothing else. */
export function isSid(value: string, prefix: string): boolean {
  return sidPattern(prefix).test(value);
}
