/**
 * The proof a delete needs that a copy exists: the saved main audio `<RE>.wav`, read back from
 * disk, passes the same verification as a fresh download against what the Recordings API says
 * (PCM, channel count, sample rate, duration). A sidecar's hashes cannot stand in for it: a sidecar
 * can list no files, another file, or the hash of whatever is on disk.
 */
import { VerificationError } from './errors';
import type { OutputStore } from './store';
import { fileNames } from './store';
import type { Expectation } from './verify';
import { problemsWith } from './verify';
import { inspectWav } from './wav';

/** Every way the saved `<RE>.wav` differs from `expected` (empty when it verifies). */
export async function savedAudioProblems(
  store: OutputStore,
  recordingSid: string,
  expected: Expectation,
): Promise<string[]> {
  const data = await store.readAudio(recordingSid);
  if (data === null) return [`${fileNames.audio(recordingSid)} is not on disk`];
  try {
    return problemsWith(inspectWav(data), expected);
  } catch (err) {
    if (err instanceof VerificationError) return [err.message];
    throw err;
  }
}
