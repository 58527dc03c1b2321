import * as React from 'react';

import { recordingUrl } from '../api';
import type { StateFeed } from '../edge/stateFeed';

/** Props of {@link SandboxPanel}. */
export interface SandboxPanelProps {
  readonly feed: StateFeed;
}

/**
 * What the sandbox (Twilio) holds: each task's attributes, where the Function writes the media
 * entry, and the recordings, playable and downloadable in stereo once completed.
 */
export function SandboxPanel({ feed }: SandboxPanelProps): JSX.Element {
  const [, setReads] = React.useState(0);
  React.useEffect(() => feed.subscribe(() => setReads((n) => n + 1)), [feed]);
  const state = feed.latest();
  const onRefresh = (): void => {
    feed
      .refresh()
      .catch((error: unknown) => console.error('[flex page] could not re-read the sandbox', error));
  };
  const tasks = [...(state?.sandbox.tasks ?? [])].reverse();
  const recordings = [...(state?.sandbox.recordings ?? [])].reverse();
  return (
    <aside aria-label="Sandbox" className="flexpage-sandbox flexpage-chrome">
      <h2>
        In the Twilio sandbox{' '}
        <button type="button" onClick={onRefresh}>
          Refresh
        </button>
      </h2>
      <h3>Recordings</h3>
      {recordings.length === 0 && <p>None yet.</p>}
      <ul aria-label="Recordings" className="recordings">
        {recordings.map((r) => (
          <li key={r.sid} data-recording-sid={r.sid} data-status={r.status}>
            <code>{r.sid}</code> {r.status} · {r.channels === 2 ? 'dual channel' : 'mono'} · call{' '}
            <code>{r.callSid}</code>
            {r.durationSeconds !== null && ` · ${r.durationSeconds} s`}
            {r.status === 'completed' && (
              <div>
                <audio controls preload="none" src={recordingUrl(r.sid)} aria-label={`Play ${r.sid}`} />
                <a href={recordingUrl(r.sid, true)} download={`${r.sid}.wav`}>
                  Download {r.sid}.wav (stereo: left customer, right agent)
                </a>
              </div>
            )}
          </li>
        ))}
      </ul>
      <h3>Task attributes</h3>
      {tasks.map((t, index) => (
        <details key={t.sid} open={index === 0} data-task-sid={t.sid}>
          <summary>
            {t.sid} ({t.assignmentStatus})
          </summary>
          <pre aria-label={`Attributes of ${t.sid}`}>{JSON.stringify(t.attributes, null, 2)}</pre>
        </details>
      ))}
    </aside>
  );
}
