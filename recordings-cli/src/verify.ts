/**
 * Checks downloaded audio against what the Recordings API says: channel count, sample rate, and a
 * duration within a second of the API's (Twilio reports whole seconds).
 */
import { VerificationError } from './errors';
import type { WavInfo } from './wav';

/** Twilio serves call recordings as 8 kHz 16-bit PCM. */
export const TWILIO_SAMPLE_RATE = 8000;
/** Largest accepted difference between the file's and the API's duration, in seconds. */
export const DURATION_TOLERANCE_SECONDS = 1;

/** What the file must be. */
export interface Expectation {
  channels: number;
  /** The API's duration in seconds. */
  durationSeconds: number | null;
  /** Required sample rate, or null to accept any positive rate. */
  sampleRate: number | null;
}

/** Lists every way `info` differs from `expected` (empty when it matches). */
export function problemsWith(info: WavInfo, expected: Expectation): string[] {
  const problems: string[] = [];
  if (info.audioFormat !== 1) problems.push(`audio format ${info.audioFormat}, expected PCM (1)`);
  if (info.channels !== expected.channels)
    problems.push(`${info.channels} channel(s), expected ${expected.channels}`);
  if (expected.sampleRate !== null && info.sampleRate !== expected.sampleRate)
    problems.push(`sample rate ${info.sampleRate} Hz, expected ${expected.sampleRate} Hz`);
  if (info.frames === 0) problems.push('no audio samples');
  if (expected.durationSeconds === null) problems.push('the API reports no duration to compare with');
  else if (Math.abs(info.durationSeconds - expected.durationSeconds) > DURATION_TOLERANCE_SECONDS)
    problems.push(
      `duration ${info.durationSeconds.toFixed(2)} s, API says ${expected.durationSeconds} s (more than ${DURATION_TOLERANCE_SECONDS} s apart)`,
    );
  return problems;
}

/** Throws a VerificationError naming every problem, or returns `info` when the file is as expected. */
export function verifyWav(info: WavInfo, expected: Expectation, what: string): WavInfo {
  const problems = problemsWith(info, expected);
  if (problems.length > 0) throw new VerificationError(`${what}: ${problems.join('; ')}`);
  return info;
}
