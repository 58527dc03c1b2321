/**
 * The frequency a channel of decoded audio carries, from its upward zero crossings: enough to tell the
 * sandbox's parties apart by what was decoded (customer 440 Hz, agent 1000 Hz), not by a label.
 */
export function dominantFrequencyHz(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  let first = -1;
  let last = -1;
  for (let i = 1; i < samples.length; i += 1) {
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      crossings += 1;
      if (first < 0) first = i;
      last = i;
    }
  }
  // Between the first and the last upward crossing lie (crossings - 1) whole periods.
  if (crossings < 2) return 0;
  return ((crossings - 1) * sampleRate) / (last - first);
}
