/**
 * Faults the local gateway can be told to cause (tests and the fault matrix): answer the next
 * invocations 429 as if 30 were in flight, or cut the next ones early with the 504 of the 10 s limit.
 * A cut invocation keeps running inside twilio-run, as any cut does here (README: where it differs).
 */
export interface GatewayFault {
  /** The next this many invocations are answered 429, as if every slot were taken. */
  readonly refuseNext?: number;
  /** The next this many admitted invocations are cut at `cutAfterMs` instead of the time limit. */
  readonly cutNext?: number;
  /** When those cuts happen, in ms after admission (required with `cutNext`). */
  readonly cutAfterMs?: number;
}

/** The faults still to happen. */
export interface PendingGatewayFaults {
  readonly refuseNext: number;
  readonly cutNext: number;
  readonly cutAfterMs: number | null;
}

/** Parses a fault from the control API's JSON, naming the field that is wrong. */
export function parseGatewayFault(
  body: unknown,
): { ok: true; fault: GatewayFault } | { ok: false; problem: string } {
  if (typeof body !== 'object' || body === null)
    return { ok: false, problem: 'the body must be a JSON object' };
  const { refuseNext, cutNext, cutAfterMs } = body as Record<string, unknown>;
  const count = (v: unknown): boolean => v === undefined || (Number.isInteger(v) && (v as number) >= 0);
  if (!count(refuseNext)) return { ok: false, problem: 'refuseNext must be a non-negative integer' };
  if (!count(cutNext)) return { ok: false, problem: 'cutNext must be a non-negative integer' };
  if (cutNext !== undefined && cutNext !== 0 && !(Number.isInteger(cutAfterMs) && (cutAfterMs as number) > 0))
    return { ok: false, problem: 'cutAfterMs must be a positive integer with cutNext' };
  return {
    ok: true,
    fault: {
      refuseNext: refuseNext as number | undefined,
      cutNext: cutNext as number | undefined,
      cutAfterMs: cutAfterMs as number | undefined,
    },
  };
}

/** The faults queued for the next invocations, taken one by one as they arrive. */
export class GatewayFaultQueue {
  private refuse = 0;
  private cut = 0;
  private cutAfterMs: number | null = null;

  /** Adds a fault (counts add up; a new `cutAfterMs` replaces the old one). */
  inject(fault: GatewayFault): void {
    this.refuse += fault.refuseNext ?? 0;
    if ((fault.cutNext ?? 0) > 0) {
      this.cut += fault.cutNext ?? 0;
      this.cutAfterMs = fault.cutAfterMs ?? null;
    }
  }

  /** Forgets every pending fault. */
  clear(): void {
    this.refuse = 0;
    this.cut = 0;
    this.cutAfterMs = null;
  }

  /** True when this invocation is to be refused 429 (and counts it). */
  takeRefusal(): boolean {
    if (this.refuse === 0) return false;
    this.refuse -= 1;
    return true;
  }

  /** The early cut for this admitted invocation, in ms, if one is pending (and counts it). */
  takeCut(): number | undefined {
    if (this.cut === 0 || this.cutAfterMs === null) return undefined;
    this.cut -= 1;
    return this.cutAfterMs;
  }

  /** What is still to happen. */
  pending(): PendingGatewayFaults {
    return { refuseNext: this.refuse, cutNext: this.cut, cutAfterMs: this.cut > 0 ? this.cutAfterMs : null };
  }
}
