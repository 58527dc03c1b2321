import { dominantFrequencyHz } from './toneOf';

/** One channel of a played recording: whom the media entry names there, and the tone decoded from it. */
export interface PlayedChannel {
  /** 1 for the left channel. */
  readonly number: number;
  /** The party the media entry's `channels` names for this channel (Insights' layout). */
  readonly party: string;
  readonly frequencyHz: number;
}

/** A recording the player decoded and started. */
export interface PlayedRecording {
  readonly durationSeconds: number;
  readonly channels: readonly PlayedChannel[];
  /** Where the audio came from (the short-lived link the url_provider answered). */
  readonly location: string;
}

/** The url_provider or the media host said no: the status and the reason it gave. */
export class PlaybackRefused extends Error {
  override readonly name = 'PlaybackRefused';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function reasonOf(response: Response): Promise<PlaybackRefused> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    return new PlaybackRefused(
      response.status,
      String(body.code ?? response.status),
      String(body.message ?? text),
    );
  } catch {
    return new PlaybackRefused(response.status, String(response.status), text || response.statusText);
  }
}

/**
 * Plays a recording the way the Flex Insights player does with "Enforce HTTP Auth on Media URLs" on:
 * asks the media entry's `url_provider` with the viewer's Flex token (HTTP Basic, user `token`), loads
 * the short-lived link it answers (no credentials), decodes it with Web Audio and starts it; each
 * channel's tone is measured from the decoded samples.
 */
export async function playRecording(
  urlProvider: string,
  flexToken: string,
  partyPerChannel: readonly string[],
  audio: AudioContext,
): Promise<PlayedRecording> {
  const provided = await fetch(urlProvider, {
    headers: { Authorization: `Basic ${btoa(`token:${flexToken}`)}` },
  });
  if (!provided.ok) throw await reasonOf(provided);
  const { location } = (await provided.json()) as { location?: unknown };
  if (typeof location !== 'string')
    throw new PlaybackRefused(502, 'no_location', 'the url_provider gave no location');
  const media = await fetch(location);
  if (!media.ok) throw await reasonOf(media);
  const buffer = await audio.decodeAudioData(await media.arrayBuffer());
  const source = audio.createBufferSource();
  source.buffer = buffer;
  source.connect(audio.destination);
  source.start();
  const channels: PlayedChannel[] = [];
  for (let c = 0; c < buffer.numberOfChannels; c += 1) {
    channels.push({
      number: c + 1,
      party: partyPerChannel[c] ?? 'unknown',
      frequencyHz: Math.round(dominantFrequencyHz(buffer.getChannelData(c), buffer.sampleRate)),
    });
  }
  return { durationSeconds: buffer.duration, channels, location };
}
