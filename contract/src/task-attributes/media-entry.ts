/**
 * The one builder of the Flex Insights media entry. Every writer (create-recording, the status
 * callback's adoption of an unnamed recording, the repair of an entry an agent rewrote) writes what
 * this returns, so Insights finds the same entry for a recording whoever wrote it, and an entry that
 * differs from it was not written by this product.
 */
import type { RecordingChannel } from '../http/bodies';
import type { MediaEntry } from './layout';
import { insightsChannelsFor, insightsMediaUrl, playbackUrlProvider } from './layout';

/** What a media entry is made of: facts Twilio reports about the recording, and this service's URL. */
export interface MediaEntryInput {
  /** `AC…`, the account that holds the recording. */
  readonly accountSid: string;
  /** `RE…` */
  readonly recordingSid: string;
  /** `WT…`, the task the recording was made for (named in the `url_provider`). */
  readonly taskSid: string;
  /** Whose leg was recorded: decides the channel names and (for the writer) where the entry goes. */
  readonly channel: RecordingChannel;
  /** When Twilio says the recording started; null while Twilio has not said. */
  readonly startedAt: Date | null;
  /** The write's time (epoch ms): the `start_time` while Twilio has not reported one. */
  readonly now: number;
  /**
   * This service's public base URL (`PUBLIC_BASE_URL`, else `https://<DOMAIN_NAME>`): the
   * `url_provider` is its playback-recording route, which Insights calls with the viewer's token.
   */
  readonly serviceBaseUrl: string;
}

/**
 * The media entry for a recording: `url` (the REST resource), `start_time` (epoch ms), `channels`
 * (Insights' party names, first channel first) and `url_provider` (this service's playback route for
 * that recording and task), always all four.
 */
export function buildMediaEntry(input: MediaEntryInput): MediaEntry {
  return {
    type: 'VoiceRecording',
    url: insightsMediaUrl(input.accountSid, input.recordingSid),
    start_time: input.startedAt ? input.startedAt.getTime() : input.now,
    channels: insightsChannelsFor(input.channel),
    url_provider: playbackUrlProvider(input.serviceBaseUrl, input.recordingSid, input.taskSid),
  };
}
