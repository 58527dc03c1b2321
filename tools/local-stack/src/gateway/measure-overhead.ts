/**
 * `npm run gateway:overhead -w @dual-channel-recording/local-stack -- [requests]`: the latency the gateway adds, measured side by
 * side in one run. Requests alternate between twilio-run directly and the gateway in front of it,
 * against the probe Function, one at a time; prints both medians and their difference.
 */
import { startProbeStack } from './fixtures/probe-stack';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timeOne(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'https://flex.twilio.com' },
    body: JSON.stringify({ Token: 'x'.repeat(800), taskSid: 'WT0', reservationSid: 'WR0', callSid: 'CA0' }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  // Run by scripts/run-ts.js, so argv[2] is this file and the count follows it.
  const requests = Number(process.argv[3] ?? 400);
  const stack = await startProbeStack();
  try {
    const direct: number[] = [];
    const gated: number[] = [];
    // Warm both paths (module load, JIT) before measuring.
    for (let i = 0; i < 20; i += 1) {
      await timeOne(`${stack.functions.url}/probe`);
      await timeOne(`${stack.gateway.url}/probe`);
    }
    for (let i = 0; i < requests; i += 1) {
      // Alternate the order so neither path always runs on a warmer machine.
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const viaGateway of order) {
        if (viaGateway) gated.push(await timeOne(`${stack.gateway.url}/probe`));
        else direct.push(await timeOne(`${stack.functions.url}/probe`));
      }
    }
    const [d, g] = [median(direct), median(gated)];
    console.log(
      JSON.stringify(
        {
          requests,
          directMedianMs: Number(d.toFixed(3)),
          gatewayMedianMs: Number(g.toFixed(3)),
          overheadMedianMs: Number((g - d).toFixed(3)),
          ratio: Number((g / d).toFixed(2)),
        },
        null,
        2,
      ),
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
