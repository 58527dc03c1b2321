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

/** Each prefix's pattern, compiled once: isSid runs on every parsed request and every Flex store update. */
const compiled = new Map<string, RegExp>();

/** True when `value` is a SID with `prefix`: the prefix and 32 hex digits, nothing else. */
export function isSid(value: string, prefix: string): boolean {
  let pattern = compiled.get(prefix);
  if (pattern === undefined) {
    pattern = sidPattern(prefix);
    compiled.set(prefix, pattern);
  }
  return pattern.test(value);
}
