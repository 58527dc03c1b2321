/**
 * Twilio's REST concurrency limit: at most N requests of one account in flight at once; one more is
 * answered at once with 429 / 20429 and never processed ("requests that receive 429 responses aren't
 * processed and are safe to retry", error 20429). Twilio publishes no number; 100 is the figure
 * commonly seen, so it is the default. Responses carry `Twilio-Concurrent-Requests` (named on the
 * 20429 page as the header to watch); here it is the account's requests in flight when this one
 * arrived, itself included.
 */

/** The header Twilio's REST responses carry. */
export const CONCURRENT_REQUESTS_HEADER = 'Twilio-Concurrent-Requests';

/** The limit a sandbox starts with (and returns to on reset) unless told otherwise. */
export const DEFAULT_MAX_CONCURRENCY = 100;

/** The environment variable `startStack` and the sandbox's own `main` read: a positive integer or `off`. */
export const SANDBOX_CONCURRENCY_ENV = 'SANDBOX_MAX_CONCURRENCY';

/** The limit's counters, as the control API reports them. */
export interface ConcurrencyStats {
  /** Requests in flight per account at once; null: no limit. */
  readonly limit: number | null;
  /** Requests in flight now, all accounts. */
  readonly inFlight: number;
  /** Most requests of one account in flight at once since the last reset. */
  readonly peakInFlight: number;
  readonly admitted: number;
  /** Answered 429 / 20429 by the limit. */
  readonly rejected: number;
}

/** The outcome of {@link ConcurrencyLimit.admit}. */
export type Admission =
  | { readonly admitted: true; readonly inFlight: number; release(): void }
  | { readonly admitted: false; readonly inFlight: number };

/** Parses `SANDBOX_MAX_CONCURRENCY`: a positive integer, `off` (no limit), or unset (the default). */
export function parseConcurrencySetting(
  raw: string | undefined,
): { ok: true; limit: number | null } | { ok: false; problem: string } {
  if (raw === undefined || raw.trim() === '') return { ok: true, limit: DEFAULT_MAX_CONCURRENCY };
  const value = raw.trim();
  if (value === 'off') return { ok: true, limit: null };
  if (!/^\d+$/.test(value) || Number(value) < 1)
    return { ok: false, problem: `${SANDBOX_CONCURRENCY_ENV} must be a positive integer or "off"` };
  return { ok: true, limit: Number(value) };
}

/**
 * Counts requests in flight per account (by the credentials' user: the account SID, or an API key's
 * account) and admits them up to the limit. A request is in flight from its arrival until its answer
 * is written or its connection closes, so the sandbox's latency counts, as Twilio's processing does.
 */
export class ConcurrencyLimit {
  private readonly inFlightBy = new Map<string, number>();
  private inFlightAll = 0;
  private peak = 0;
  private admittedCount = 0;
  private rejectedCount = 0;

  constructor(private limit: number | null) {}

  /** Sets the limit (null: none); requests already in flight stay. */
  setLimit(limit: number | null): void {
    if (limit !== null && (!Number.isInteger(limit) || limit < 1))
      throw new Error('the concurrency limit must be a positive integer or null');
    this.limit = limit;
  }

  /** Zeroes the counters (requests in flight stay counted). */
  resetStats(): void {
    this.peak = Math.max(0, ...this.inFlightBy.values());
    this.admittedCount = 0;
    this.rejectedCount = 0;
  }

  /** Admits one request of `account`, or refuses it when the account already has `limit` in flight. */
  admit(account: string): Admission {
    const current = this.inFlightBy.get(account) ?? 0;
    if (this.limit !== null && current >= this.limit) {
      this.rejectedCount += 1;
      return { admitted: false, inFlight: current + 1 };
    }
    const inFlight = current + 1;
    this.inFlightBy.set(account, inFlight);
    this.inFlightAll += 1;
    this.admittedCount += 1;
    this.peak = Math.max(this.peak, inFlight);
    let released = false;
    return {
      admitted: true,
      inFlight,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlightBy.get(account) ?? 1) - 1;
        if (left === 0) this.inFlightBy.delete(account);
        else this.inFlightBy.set(account, left);
        this.inFlightAll -= 1;
      },
    };
  }

  /** The counters now. */
  stats(): ConcurrencyStats {
    return {
      limit: this.limit,
      inFlight: this.inFlightAll,
      peakInFlight: this.peak,
      admitted: this.admittedCount,
      rejected: this.rejectedCount,
    };
  }
}
