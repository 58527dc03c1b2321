/**
 * WAV reading and channel splitting through the `wavefile` library (no hand-written RIFF code).
 * wavefile's typings leave `fmt` and `data` as `object`, so this file is the one place that narrows
 * them, with runtime checks rather than trust.
 */
import { WaveFile } from 'wavefile';
import { VerificationError } from './errors';

/** What a WAV file holds, as read from its header and data chunk. */
export interface WavInfo {
  /** 1 = PCM. */
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Samples per channel. */
  frames: number;
  durationSeconds: number;
}

interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

function numberField(obj: object, key: string): number {
  const value: unknown = (obj as Record<string, unknown>)[key];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new VerificationError(`WAV header lacks ${key}`);
  return value;
}

function parse(data: Uint8Array): WaveFile {
  try {
    return new WaveFile(data);
  } catch (err) {
    throw new VerificationError(
      `not a readable WAV file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function fmtOf(wav: WaveFile): FmtChunk {
  return {
    audioFormat: numberField(wav.fmt, 'audioFormat'),
    numChannels: numberField(wav.fmt, 'numChannels'),
    sampleRate: numberField(wav.fmt, 'sampleRate'),
    bitsPerSample: numberField(wav.fmt, 'bitsPerSample'),
    blockAlign: numberField(wav.fmt, 'blockAlign'),
  };
}

function dataBytes(wav: WaveFile): number {
  const samples: unknown = (wav.data as Record<string, unknown>).samples;
  if (!(samples instanceof Uint8Array)) throw new VerificationError('WAV file has no data chunk');
  return samples.length;
}

function infoOf(wav: WaveFile): WavInfo {
  const fmt = fmtOf(wav);
  if (fmt.blockAlign <= 0 || fmt.sampleRate <= 0) throw new VerificationError('WAV header is inconsistent');
  const frames = Math.floor(dataBytes(wav) / fmt.blockAlign);
  return {
    audioFormat: fmt.audioFormat,
    channels: fmt.numChannels,
    sampleRate: fmt.sampleRate,
    bitsPerSample: fmt.bitsPerSample,
    frames,
    durationSeconds: frames / fmt.sampleRate,
  };
}

/** Reads a WAV's format and length; throws VerificationError if it is not a WAV. */
export function inspectWav(data: Uint8Array): WavInfo {
  return infoOf(parse(data));
}

/** One mono WAV per channel, same rate and bit depth, channel 1 first. */
export function splitChannels(data: Uint8Array): Buffer[] {
  const wav = parse(data);
  const info = infoOf(wav);
  if (info.channels < 2) throw new VerificationError('cannot split a mono file');
  // 16-bit PCM (what Twilio serves) fits Int16Array: a quarter of the default Float64Array's memory.
  const container = info.bitsPerSample === 16 && info.audioFormat === 1 ? Int16Array : Float64Array;
  const perChannel: unknown = wav.getSamples(false, container);
  if (!Array.isArray(perChannel) || perChannel.length !== info.channels)
    throw new VerificationError('could not separate the channels');
  return perChannel.map((samples: ArrayLike<number>) => {
    const mono = new WaveFile();
    mono.fromScratch(1, info.sampleRate, wav.bitDepth, samples);
    return Buffer.from(mono.toBuffer());
  });
}
