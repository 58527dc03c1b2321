/**
 * Deterministic SIDs: two-letter prefix + 32 hex digits from a per-prefix counter, so test output
 * and logs are stable between runs (real SIDs are random; nothing may rely on their value).
 */
export class SidFactory {
  private readonly counters = new Map<string, number>();

  /**
   * Prefixes whose counter survives a reset: TaskRouter event SIDs are the CloudEvent ids an Event
   * Streams sink dedupes on, and Twilio never reuses one; the Functions under test outlive a reset.
   */
  private static readonly NEVER_REUSED = ['EV'];

  /** Returns the next SID for `prefix` (e.g. `CA00000000000000000000000000000001`). */
  next(prefix: string): string {
    if (!/^[A-Z]{2}$/.test(prefix)) throw new Error(`SID prefix must be two capital letters: ${prefix}`);
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return prefix + n.toString(16).padStart(32, '0');
  }

  /** Forgets the counters (but those of {@link SidFactory.NEVER_REUSED}). */
  reset(): void {
    for (const prefix of [...this.counters.keys()])
      if (!SidFactory.NEVER_REUSED.includes(prefix)) this.counters.delete(prefix);
  }
}
