import { dominantFrequencyHz } from './toneOf';

function sine(hz: number, sampleRate: number, seconds: number, phase = 0): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i += 1)
    out[i] = 0.25 * Math.sin((2 * Math.PI * hz * i) / sampleRate + phase);
  return out;
}

describe('dominantFrequencyHz', () => {
  it.each([
    [440, 8000],
    [1000, 8000],
    [440, 48000],
    [1000, 44100],
  ])('finds a %i Hz tone sampled at %i Hz within 1 Hz', (hz, rate) => {
    expect(Math.abs(dominantFrequencyHz(sine(hz, rate, 1, 0.3), rate) - hz)).toBeLessThan(1);
  });

  it('answers 0 for silence and for less than one period', () => {
    expect(dominantFrequencyHz(new Float32Array(8000), 8000)).toBe(0);
    expect(dominantFrequencyHz(sine(440, 8000, 0.001), 8000)).toBe(0);
  });
});
