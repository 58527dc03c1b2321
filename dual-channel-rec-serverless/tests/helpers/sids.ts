/** Deterministic fake SIDs for tests: prefix + 32 hex digits derived from a number. */
export function sid(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(32, '0');
}

export const TASK = sid('WT', 1);
export const RESERVATION = sid('WR', 1);
export const CALL = sid('CA', 1);
export const WORKER = sid('WK', 1);
export const ACCOUNT = sid('AC', 1);
export const WORKSPACE = sid('WS', 1);
