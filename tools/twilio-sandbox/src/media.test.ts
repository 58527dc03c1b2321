import { WaveFile } from 'wavefile';
import { AGENT_TONE_HZ, CUSTOMER_TONE_HZ, MEDIA_SAMPLE_RATE, renderRecordingWav } from './media';

/** Estimates a tone's frequency from its upward zero crossings. */
function frequency(samples: ArrayLike<number>, rate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1] < 0 && samples[i] >= 0) crossings++;
  return crossings / (samples.length / rate);
}

describe('renderRecordingWav', () => {
  it('serves stereo 8 kHz 16-bit: customer 440 Hz left, agent 1000 Hz right, for the duration', () => {
    const wav = new WaveFile(
      renderRecordingWav({
        durationSeconds: 2,
        recordedChannels: 2,
        requestedChannels: 2,
        recordedParty: 'customer',
      }),
    );
    const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
    expect(fmt).toMatchObject({ numChannels: 2, sampleRate: MEDIA_SAMPLE_RATE, bitsPerSample: 16 });
    const [left, right] = wav.getSamples(false) as unknown as Float64Array[];
    expect(left.length / MEDIA_SAMPLE_RATE).toBe(2);
    expect(frequency(left, MEDIA_SAMPLE_RATE)).toBeCloseTo(CUSTOMER_TONE_HZ, -1);
    expect(frequency(right, MEDIA_SAMPLE_RATE)).toBeCloseTo(AGENT_TONE_HZ, -1);
  });

  it("puts the agent on the left in a recording of the agent's own leg", () => {
    const wav = new WaveFile(
      renderRecordingWav({
        durationSeconds: 1,
        recordedChannels: 2,
        requestedChannels: 2,
        recordedParty: 'agent',
      }),
    );
    const [left, right] = wav.getSamples(false) as unknown as Float64Array[];
    expect(frequency(left, MEDIA_SAMPLE_RATE)).toBeCloseTo(AGENT_TONE_HZ, -1);
    expect(frequency(right, MEDIA_SAMPLE_RATE)).toBeCloseTo(CUSTOMER_TONE_HZ, -1);
  });

  it('mixes down to mono for RequestedChannels=1', () => {
    const wav = new WaveFile(
      renderRecordingWav({
        durationSeconds: 1,
        recordedChannels: 2,
        requestedChannels: 1,
        recordedParty: 'customer',
      }),
    );
    expect((wav.fmt as { numChannels: number }).numChannels).toBe(1);
    expect((wav.getSamples(false) as unknown as Float64Array).length).toBe(MEDIA_SAMPLE_RATE);
  });
});
