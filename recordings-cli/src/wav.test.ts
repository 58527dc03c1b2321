import { WaveFile } from 'wavefile';
import { VerificationError } from './errors';
import { problemsWith, verifyWav } from './verify';
import { inspectWav, splitChannels } from './wav';

function stereo(seconds: number, rate = 8000): Buffer {
  const n = seconds * rate;
  const left = Int16Array.from({ length: n }, () => 1000);
  const right = Int16Array.from({ length: n }, () => -2000);
  const wav = new WaveFile();
  wav.fromScratch(2, rate, '16', [left, right]);
  return Buffer.from(wav.toBuffer());
}

describe('inspectWav / splitChannels', () => {
  it('reads channels, rate and duration, and splits channel 1 and 2 into mono files of the same length', () => {
    const data = stereo(2);
    expect(inspectWav(data)).toEqual({
      audioFormat: 1,
      channels: 2,
      sampleRate: 8000,
      bitsPerSample: 16,
      frames: 16000,
      durationSeconds: 2,
    });
    const [first, second] = splitChannels(data).map((b) => new WaveFile(b));
    expect(inspectWav(first.toBuffer())).toMatchObject({ channels: 1, sampleRate: 8000, frames: 16000 });
    expect((first.getSamples(false, Int16Array) as unknown as Int16Array)[0]).toBe(1000);
    expect((second.getSamples(false, Int16Array) as unknown as Int16Array)[0]).toBe(-2000);
  });

  it('rejects what is not a WAV', () => {
    expect(() => inspectWav(Buffer.from('<html>503</html>'))).toThrow(VerificationError);
  });
});

describe('verifyWav', () => {
  const info = inspectWav(stereo(3));

  it('accepts a duration within 1 s of the API’s', () => {
    expect(verifyWav(info, { channels: 2, durationSeconds: 4, sampleRate: 8000 }, 'x')).toBe(info);
    expect(problemsWith(info, { channels: 2, durationSeconds: 2, sampleRate: null })).toEqual([]);
  });

  it('names every mismatch', () => {
    expect(() => verifyWav(info, { channels: 1, durationSeconds: 5, sampleRate: 16000 }, 'RE1')).toThrow(
      /RE1: 2 channel\(s\), expected 1; sample rate 8000 Hz, expected 16000 Hz; duration 3.00 s, API says 5 s/,
    );
    expect(problemsWith(info, { channels: 2, durationSeconds: null, sampleRate: null })).toEqual([
      'the API reports no duration to compare with',
    ]);
  });
});
