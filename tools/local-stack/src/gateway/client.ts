import type { GatewayCounters } from './counters';
import type { GatewayStatsView } from './control';
import type { GatewayFault, PendingGatewayFaults } from './faults';

export type { GatewayFault, PendingGatewayFaults } from './faults';

/** Typed client of the gateway's control API, for tests, e2e and benchmarks. */
export class GatewayClient {
  private readonly base: string;

  constructor(gatewayUrl: string) {
    this.base = gatewayUrl.replace(/\/+$/, '');
  }

  /** Settings and counters now. */
  async stats(): Promise<GatewayStatsView> {
    return this.call<GatewayStatsView>('GET', '/stats');
  }

  /** Zeroes the counters; returns them. */
  async resetStats(): Promise<GatewayCounters> {
    return (await this.call<{ counters: GatewayCounters }>('POST', '/stats/reset')).counters;
  }

  /** Queues faults for the next invocations; returns what is pending. */
  async injectFaults(fault: GatewayFault): Promise<PendingGatewayFaults> {
    return this.call<PendingGatewayFaults>('POST', '/faults', fault);
  }

  /** Forgets every pending fault. */
  async clearFaults(): Promise<PendingGatewayFaults> {
    return this.call<PendingGatewayFaults>('DELETE', '/faults');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/__gateway${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`gateway control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}
