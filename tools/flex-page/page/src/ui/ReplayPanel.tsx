import * as React from 'react';

import { readMediaEntries, recordingSidOfMediaUrl } from '@dual-channel-recording/contract';

import type { StateFeed } from '../edge/stateFeed';
import type { PlayableEntry, PlayedRecording } from '../replay/playback';
import { PlaybackRefused, playRecording } from '../replay/playback';
import type { SandboxRecording, SandboxTask } from '../sandboxView';

/** Props of {@link ReplayPanel}. */
export interface ReplayPanelProps {
  readonly feed: StateFeed;
  /** The signed-in person's Flex token (what the Insights player sends the url_provider). */
  readonly flexToken: string;
  /** Called once the url_provider answered a replay (played or refused): the access log has a new entry. */
  readonly onAnswered?: () => void;
}

/** A finished recording as Insights sees it: the first `VoiceRecording` entry of a task's media. */
interface Replayable {
  readonly recordingSid: string;
  readonly taskSid: string;
  readonly entry: PlayableEntry;
}

type Outcome =
  | { readonly state: 'loading' }
  | { readonly state: 'playing'; readonly played: PlayedRecording }
  | { readonly state: 'refused'; readonly status: number; readonly code: string; readonly reason: string };

/**
 * Per task, what Insights' player reads: the first `VoiceRecording` of `conversations.media` ("Only
 * the first one on the list will be visible in the player"), as the task stores it, once its
 * recording has completed.
 */
function replayables(tasks: readonly SandboxTask[], recordings: readonly SandboxRecording[]): Replayable[] {
  const completed = new Set(recordings.filter((r) => r.status === 'completed').map((r) => r.sid));
  const out: Replayable[] = [];
  for (const task of tasks) {
    const first = readMediaEntries(task.attributes).find((found) => found.reservationSid === undefined);
    if (!first) continue;
    const recordingSid = recordingSidOfMediaUrl(first.entry.url);
    if (recordingSid === null || !completed.has(recordingSid)) continue;
    out.push({
      recordingSid,
      taskSid: task.sid,
      entry: {
        url: first.entry.url,
        urlProvider: first.entry.url_provider,
        channels: first.entry.channels ?? [],
      },
    });
  }
  return out;
}

/**
 * The supervisor's replay view: the finished recordings (from the tasks' media entries, as Flex
 * Insights lists them), each played as Insights' player does: the entry's stored `url_provider` with
 * this person's Flex token in `Authorization`, then the `media_url` it answers, decoded in the browser
 * with each channel's party and the tone measured on it. A refusal shows the Function's reason.
 */
export function ReplayPanel({ feed, flexToken, onAnswered }: ReplayPanelProps): JSX.Element {
  const [, setReads] = React.useState(0);
  React.useEffect(() => feed.subscribe(() => setReads((n) => n + 1)), [feed]);
  const [outcomes, setOutcomes] = React.useState<Readonly<Record<string, Outcome>>>({});
  const audio = React.useRef<AudioContext>();
  React.useEffect(() => () => void audio.current?.close(), []);
  const state = feed.latest();
  const items = replayables(state?.sandbox.tasks ?? [], state?.sandbox.recordings ?? []);

  const play = (item: Replayable): void => {
    const set = (outcome: Outcome): void => setOutcomes((all) => ({ ...all, [item.recordingSid]: outcome }));
    set({ state: 'loading' });
    audio.current ??= new AudioContext();
    playRecording(item.entry, flexToken, audio.current)
      .then(
        (played) => set({ state: 'playing', played }),
        (error: unknown) =>
          set(
            error instanceof PlaybackRefused
              ? { state: 'refused', status: error.status, code: error.code, reason: error.message }
              : { state: 'refused', status: 0, code: 'player_error', reason: String(error) },
          ),
      )
      .finally(() => onAnswered?.());
  };

  return (
    <section aria-label="Replay" className="flexpage-replay flexpage-chrome">
      <h3>Replay (as Flex Insights plays a recording)</h3>
      {items.length === 0 && <p>No finished recording yet.</p>}
      <ul aria-label="Finished recordings">
        {items.map((item) => {
          const outcome = outcomes[item.recordingSid];
          return (
            <li
              key={item.recordingSid}
              data-recording-sid={item.recordingSid}
              data-state={outcome?.state ?? 'idle'}
            >
              <code>{item.recordingSid}</code> of task <code>{item.taskSid}</code>{' '}
              <button type="button" onClick={() => play(item)} aria-label={`Play ${item.recordingSid}`}>
                Play
              </button>
              {outcome?.state === 'loading' && <span> loading…</span>}
              {outcome?.state === 'refused' && (
                <p role="alert" data-code={outcome.code}>
                  Refused ({outcome.status} {outcome.code}): {outcome.reason}
                </p>
              )}
              {outcome?.state === 'playing' && (
                <ul aria-label={`Channels of ${item.recordingSid}`}>
                  {outcome.played.channels.map((c) => (
                    <li
                      key={c.number}
                      data-channel={c.number}
                      data-party={c.party}
                      data-frequency-hz={c.frequencyHz}
                    >
                      channel {c.number}: {c.party} ({c.frequencyHz} Hz)
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
