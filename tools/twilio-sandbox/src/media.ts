import { WaveFile } from 'wavefile';

/** Sample rate Twilio serves call recordings at (narrow-band telephony audio). */
export const MEDIA_SAMPLE_RATE = 8000;
/** The customer's tone (left, channel 1, in a recording of the customer's leg). */
export const CUSTOMER_TONE_HZ = 440;
/** The agent's tone (right, channel 2, in a recording of the customer's leg). */
export const AGENT_TONE_HZ = 1000;
const AMPLITUDE = 8000;

/** Options for {@link renderRecordingWav}. */
export interface RenderOptions {
  /** Length of the audio in seconds (the recording's duration). */
  durationSeconds: number;
  /** Channels in the recording (1 for mono, 2 for dual). */
  recordedChannels: 1 | 2;
  /** Channels asked for with `RequestedChannels` (2 only for dual recordings). */
  requestedChannels: 1 | 2;
  /**
   * Whose leg was recorded. A dual-channel recording puts the recorded leg's own audio on channel 1
   * and what that leg hears on channel 2, so an agent-leg recording has the agent on the left.
   */
  recordedParty: 'customer' | 'agent';
}

function tone(hz: number, samples: number): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++)
    out[i] = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * hz * i) / MEDIA_SAMPLE_RATE));
  return out;
}

/**
 * Renders a recording as a 16-bit PCM WAV at 8 kHz: in stereo the recorded leg's party is on the left
 * channel and the other party on the right (customer 440 Hz, agent 1000 Hz); mono is the two mixed,
 * as Twilio mixes a dual recording down when `RequestedChannels=1`.
 */
export function renderRecordingWav(options: RenderOptions): Buffer {
  const samples = Math.max(0, Math.round(options.durationSeconds * MEDIA_SAMPLE_RATE));
  const customer = tone(CUSTOMER_TONE_HZ, samples);
  const agent = tone(AGENT_TONE_HZ, samples);
  const [left, right] = options.recordedParty === 'agent' ? [agent, customer] : [customer, agent];
  const wav = new WaveFile();
  if (options.requestedChannels === 2 && options.recordedChannels === 2) {
    wav.fromScratch(2, MEDIA_SAMPLE_RATE, '16', [left, right]);
  } else {
    const mixed = new Int16Array(samples);
    for (let i = 0; i < samples; i++) mixed[i] = Math.round((left[i] + right[i]) / 2);
    wav.fromScratch(1, MEDIA_SAMPLE_RATE, '16', mixed);
  }
  return Buffer.from(wav.toBuffer());
}
