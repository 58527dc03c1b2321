/**
 * The sandbox's speech recognition: sentences read from a recording's audio, never from what the
 * transcript create says about it. Each party of the sandbox's media speaks in a tone of its own
 * (media.ts: customer 440 Hz, agent 1000 Hz), so the "words" of a stretch of a channel are the party
 * whose tone dominates it. A transcript whose `participants` label a channel wrongly therefore shows
 * a customer's sentence under the agent's role, and a test can see it.
 */
import { WaveFile } from 'wavefile';
import { AGENT_TONE_HZ, CUSTOMER_TONE_HZ } from './media';

/** Length of one sentence: the audio is cut into windows of this many seconds. */
export const SENTENCE_SECONDS = 4;
/** A trailing window shorter than this is not a sentence. */
const MIN_SENTENCE_SECONDS = 0.5;
/** Below this RMS (16-bit full scale 32768) a window is silence. */
const SILENCE_RMS = 200;

/** The words the sandbox hears from each party. */
export const SPOKEN_BY: Record<'customer' | 'agent', string> = {
  customer: `the customer's voice (${CUSTOMER_TONE_HZ} Hz)`,
  agent: `the agent's voice (${AGENT_TONE_HZ} Hz)`,
};

/** One recognised sentence: the channel (1-based) it was heard on, where, and whose voice it is. */
export interface HeardSentence {
  mediaChannel: number;
  startSeconds: number;
  endSeconds: number;
  text: string;
  speaker: 'customer' | 'agent';
}

/** Power of one frequency in `samples` (Goertzel). */
function powerAt(samples: ArrayLike<number>, from: number, to: number, hz: number, rate: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = from; i < to; i++) {
    const current = samples[i] + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

function rms(samples: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/**
 * The sentences heard in a WAV file, per channel and window, in time order (channel 1 first at the
 * same time). Silent windows say nothing. Offsets count in the file's own audio: whatever a pause
 * cut out of the recording is not there to be counted.
 */
export function transcribeWav(wav: Buffer): HeardSentence[] {
  const file = new WaveFile(wav);
  const format = file.fmt as { numChannels: number; sampleRate: number };
  const raw = file.getSamples(false, Int16Array) as unknown;
  const channels: ArrayLike<number>[] =
    format.numChannels === 1 ? [raw as Int16Array] : (raw as Int16Array[]);
  const rate = format.sampleRate;
  const window = SENTENCE_SECONDS * rate;
  const heard: HeardSentence[] = [];
  channels.forEach((samples, index) => {
    for (let from = 0; from < samples.length; from += window) {
      const to = Math.min(samples.length, from + window);
      if ((to - from) / rate < MIN_SENTENCE_SECONDS || rms(samples, from, to) < SILENCE_RMS) continue;
      const customer = powerAt(samples, from, to, CUSTOMER_TONE_HZ, rate);
      const agent = powerAt(samples, from, to, AGENT_TONE_HZ, rate);
      const speaker = customer >= agent ? 'customer' : 'agent';
      heard.push({
        mediaChannel: index + 1,
        startSeconds: from / rate,
        endSeconds: to / rate,
        text: SPOKEN_BY[speaker],
        speaker,
      });
    }
  });
  return heard.sort((a, b) => a.startSeconds - b.startSeconds || a.mediaChannel - b.mediaChannel);
}
