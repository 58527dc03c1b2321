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
  /** Where the audio came from: the `media_url` the url_provider answered (a short-lived link). */
  readonly mediaUrl: string;
}

/** What the player reads of a media entry: the first `VoiceRecording` of the task. */
export interface PlayableEntry {
  /** The recording's REST URL. */
  readonly url: string;
  /** Where to ask for a playable link, when the entry names one. */
  readonly urlProvider: string | undefined;
  /** Insights' party names, first channel first. */
  readonly channels: readonly string[];
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
 * Where the Flex Insights player loads the audio from, as Twilio's "Secure Playback of Recordings from
 * Custom Storage" describes it: `GET <url_provider>` with `Authorization: Basic base64("token:" +
 * <Flex JWE>)`, and the `media_url` of the `{ "media_url": … }` it answers. An entry without a
 * url_provider is played from its `url` with no credentials ("If the request omits url_provider,
 * Flex Insights sends the request without authentication"): this page cannot reach Twilio's hosts,
 * and with HTTP auth on media Twilio would refuse it, so it is shown as refused instead.
 */
async function mediaUrlOf(entry: PlayableEntry, flexToken: string): Promise<string> {
  if (entry.urlProvider === undefined) {
    throw new PlaybackRefused(
      0,
      'no_url_provider',
      `the media entry has no url_provider: Insights would load ${entry.url} without credentials`,
    );
  }
  const provided = await fetch(entry.urlProvider, {
    headers: { Authorization: `Basic ${btoa(`token:${flexToken}`)}` },
  });
  if (!provided.ok) throw await reasonOf(provided);
  const body = (await provided.json()) as { media_url?: unknown };
  if (typeof body.media_url !== 'string')
    throw new PlaybackRefused(502, 'no_media_url', 'the url_provider answered no media_url');
  return body.media_url;
}

/**
 * Plays a media entry the way the Flex Insights player does (see {@link mediaUrlOf}), loads the
 * `media_url` with no credentials (the link carries its own authorization), decodes it with Web
 * Audio and starts it; each channel's tone is measured from the decoded samples.
 */
export async function playRecording(
  entry: PlayableEntry,
  flexToken: string,
  audio: AudioContext,
): Promise<PlayedRecording> {
  const mediaUrl = await mediaUrlOf(entry, flexToken);
  const media = await fetch(mediaUrl);
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
      party: entry.channels[c] ?? 'unknown',
      frequencyHz: Math.round(dominantFrequencyHz(buffer.getChannelData(c), buffer.sampleRate)),
    });
  }
  return { durationSeconds: buffer.duration, channels, mediaUrl };
}
