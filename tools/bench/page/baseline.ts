/**
 * The baseline: what both public Flex recording plugins do, injected into the same page beside ours.
 * On `taskAccepted` it starts a 100 ms setInterval (for up to 60 s) that checks the same condition
 * as our plugin (its own selectLeg over its own callSnapshot); where a polling plugin would call
 * fetch, it only timestamps, so the call is recorded once (by ours). Must not import at run time.
 */
import type { ProbeApi, ProbeManager } from './probeTypes';

/** Installs the poller on the probe found at `window[globalName]`. */
export function installBaseline(globalName: string): void {
  const probe = Reflect.get(window, globalName) as ProbeApi | undefined;
  if (!probe) throw new Error('[bench] the baseline needs the probe (install it first)');
  const { legs, adapter } = probe.modules;
  const { channel, pollMs, pollLimitMs } = probe.config;

  probe.onFlex((manager: ProbeManager) => {
    manager.events.addListener('taskAccepted', (task) => {
      const kind = legs.classifyCall(task);
      if (kind === 'internal-inbound') return;
      const entry = probe.timeline(task);
      const started = probe.now();
      const interval = setInterval(() => {
        entry.baselineTicks += 1;
        const decision = legs.selectLeg(adapter.callSnapshot(manager.store.getState(), task), channel, kind);
        if (decision?.kind === 'leg') {
          entry.baselineDetectAt = probe.now();
          clearInterval(interval);
        } else if (decision?.kind === 'ended' || probe.now() - started > pollLimitMs) {
          clearInterval(interval);
        }
      }, pollMs);
    });
  });
}
