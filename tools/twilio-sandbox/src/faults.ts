import type { ApiName } from './openapi/types';

/** A rule that makes matching Twilio requests fail, stall or drop. */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** API to match, by host label: `api`, `taskrouter`, `iam`, `flex`, `insights` (any when absent). */
  api?: ApiName;
  /** Regular expression (source text) tested against the path (any when absent). */
  path?: string;
  /** Status to answer, e.g. 429, 503, 412. Absent with `drop` or `latencyMs` only. */
  status?: number;
  /** Twilio error code for the body (defaults by status: 429→20429, 503→20503, 412→20412, else 20500). */
  code?: number;
  /** Error message for the body. */
  message?: string;
  /** Probability (0..1) that a matching request is hit; 1 when absent. */
  rate?: number;
  /** Only the next N matching requests are hit; unlimited when absent. */
  times?: number;
  /** Delay before answering, in ms (applied to hit requests). */
  latencyMs?: number;
  /** Destroy the socket instead of answering. */
  drop?: boolean;
}

/** A stored rule with its id and remaining count. */
export interface ActiveFaultRule extends FaultRule {
  id: string;
  remaining: number | null;
  hits: number;
}

/** What to do with one request. */
export interface FaultDecision {
  latencyMs: number;
  drop: boolean;
  error?: { status: number; code: number; message: string };
  ruleId?: string;
}

/** The request facts rules match on. */
export interface FaultTarget {
  method: string;
  api: ApiName;
  path: string;
}

const DEFAULT_CODES: Record<number, number> = {
  429: 20429,
  503: 20503,
  412: 20412,
  500: 20500,
  401: 20003,
  404: 20404,
};
const DEFAULT_MESSAGES: Record<number, string> = {
  429: 'Too Many Requests',
  503: 'Service Unavailable',
  412: 'Precondition Failed',
  500: 'Internal Server Error',
};

/**
 * Decides, per request, whether to inject a fault. Pure apart from the injected clock and random
 * source, so its behaviour is testable exactly.
 */
export class FaultInjector {
  private rules: ActiveFaultRule[] = [];
  private nextId = 1;
  private globalLatencyMs = 0;
  private rateLimit: number | null = null;
  private window: number[] = [];

  constructor(
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a rule; returns its id. Later rules are checked after earlier ones. */
  addRule(rule: FaultRule): string {
    if (rule.rate !== undefined && (rule.rate < 0 || rule.rate > 1))
      throw new Error('rate must be within 0..1');
    if (rule.path !== undefined) new RegExp(rule.path); // throws early on a bad pattern
    const id = `fault-${this.nextId++}`;
    this.rules.push({ ...rule, id, remaining: rule.times ?? null, hits: 0 });
    return id;
  }

  /** Removes one rule. */
  removeRule(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  /** Current rules with their hit counts. */
  list(): ActiveFaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Delay added to every Twilio request, in ms. */
  setGlobalLatency(ms: number): void {
    this.globalLatencyMs = Math.max(0, ms);
  }

  /** Allows at most `perSecond` Twilio requests per rolling second (null disables). */
  setRateLimit(perSecond: number | null): void {
    this.rateLimit = perSecond;
    this.window = [];
  }

  /** Removes every rule, the latency and the rate limit. */
  clear(): void {
    this.rules = [];
    this.globalLatencyMs = 0;
    this.rateLimit = null;
    this.window = [];
  }

  /** Decides what happens to one request (and counts it towards rule limits and the rate limit). */
  decide(target: FaultTarget): FaultDecision {
    const decision: FaultDecision = { latencyMs: this.globalLatencyMs, drop: false };
    if (this.rateLimit !== null) {
      const t = this.now();
      this.window = this.window.filter((at) => t - at < 1000);
      if (this.window.length >= this.rateLimit) {
        decision.error = { status: 429, code: 20429, message: 'Too Many Requests' };
        return decision;
      }
      this.window.push(t);
    }
    for (const rule of this.rules) {
      if (!this.matches(rule, target)) continue;
      if (rule.remaining !== null && rule.remaining <= 0) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      if (rule.remaining !== null) rule.remaining -= 1;
      rule.hits += 1;
      decision.ruleId = rule.id;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.drop) decision.drop = true;
      else if (rule.status !== undefined) {
        decision.error = {
          status: rule.status,
          code: rule.code ?? DEFAULT_CODES[rule.status] ?? 20500,
          message: rule.message ?? DEFAULT_MESSAGES[rule.status] ?? 'Injected fault',
        };
      }
      break;
    }
    return decision;
  }

  private matches(rule: ActiveFaultRule, target: FaultTarget): boolean {
    if (rule.method && rule.method.toUpperCase() !== target.method.toUpperCase()) return false;
    if (rule.api && rule.api !== target.api) return false;
    if (rule.path && !new RegExp(rule.path).test(target.path)) return false;
    return true;
  }
}
