/** The channel count and sample rate in a WAV file's RIFF header. */
export function wavFormat(bytes: Buffer): { riff: string; channels: number; sampleRate: number } {
  return {
    riff: bytes.subarray(0, 4).toString('ascii'),
    channels: bytes.readUInt16LE(22),
    sampleRate: bytes.readUInt32LE(24),
  };
}
