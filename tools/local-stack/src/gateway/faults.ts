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
  /**
   * Only invocations of this route (`/create-recording`) count: others (the Event Streams sink's
   * deliveries, which arrive at any time) pass untouched. Every route when left out.
   */
  readonly route?: string;
}

/** The faults still to happen. */
export interface PendingGatewayFaults {
  readonly refuseNext: number;
  readonly cutNext: number;
  readonly cutAfterMs: number | null;
  readonly route: string | null;
}

/** Parses a fault from the control API's JSON, naming the field that is wrong. */
export function parseGatewayFault(
  body: unknown,
): { ok: true; fault: GatewayFault } | { ok: false; problem: string } {
  if (typeof body !== 'object' || body === null)
    return { ok: false, problem: 'the body must be a JSON object' };
  const { refuseNext, cutNext, cutAfterMs, route } = body as Record<string, unknown>;
  if (route !== undefined && (typeof route !== 'string' || !route.startsWith('/')))
    return { ok: false, problem: 'route must be a path starting with /' };
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
      route: route as string | undefined,
    },
  };
}

/** The faults queued for the next invocations, taken one by one as they arrive. */
export class GatewayFaultQueue {
  private refuse = 0;
  private cut = 0;
  private cutAfterMs: number | null = null;
  private route: string | null = null;

  /** Adds a fault (counts add up; a new `cutAfterMs` or `route` replaces the old one). */
  inject(fault: GatewayFault): void {
    if (fault.route !== undefined) this.route = fault.route;
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
    this.route = null;
  }

  private applies(target: string): boolean {
    return this.route === null || target.split('?')[0] === this.route;
  }

  /** True when this invocation (request target `target`) is to be refused 429 (and counts it). */
  takeRefusal(target: string): boolean {
    if (this.refuse === 0 || !this.applies(target)) return false;
    this.refuse -= 1;
    return true;
  }

  /** The early cut for this admitted invocation (request target `target`), in ms, if one is pending (and counts it). */
  takeCut(target: string): number | undefined {
    if (this.cut === 0 || this.cutAfterMs === null || !this.applies(target)) return undefined;
    this.cut -= 1;
    return this.cutAfterMs;
  }

  /** What is still to happen. */
  pending(): PendingGatewayFaults {
    return {
      refuseNext: this.refuse,
      cutNext: this.cut,
      cutAfterMs: this.cut > 0 ? this.cutAfterMs : null,
      route: this.refuse > 0 || this.cut > 0 ? this.route : null,
    };
  }
}
