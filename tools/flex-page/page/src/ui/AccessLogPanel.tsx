import * as React from 'react';

import type { PageAccessLog } from '../api';
import { api } from '../api';

/** Props of {@link AccessLogPanel}. */
export interface AccessLogPanelProps {
  /** Changes after every replay answer on this page: the log is read again then. */
  readonly replays: number;
}

type Loaded =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly reason: string }
  | ({ readonly state: 'loaded' } & PageAccessLog);

/**
 * The supervisor's view of the access log (what `dual-channel-recordings access-log` lists): every
 * answer of the url_provider this month, granted or refused, who asked and why, and whether the hash
 * chain holds. Read from the product's own Sync service after each replay answered on this page.
 */
export function AccessLogPanel({ replays }: AccessLogPanelProps): JSX.Element {
  const [log, setLog] = React.useState<Loaded>({ state: 'loading' });
  React.useEffect(() => {
    let current = true;
    api.accessLog().then(
      (read) => current && setLog({ state: 'loaded', ...read }),
      (error: unknown) => current && setLog({ state: 'failed', reason: String(error) }),
    );
    return () => {
      current = false;
    };
  }, [replays]);

  return (
    <section aria-label="Access log" className="flexpage-access-log flexpage-chrome" data-state={log.state}>
      <h3>Access log (who played which recording)</h3>
      {log.state === 'failed' && <p role="alert">The access log could not be read: {log.reason}</p>}
      {log.state === 'loaded' && (
        <>
          <p data-chain={log.breaks.length === 0 ? 'intact' : 'broken'}>
            {log.entries.length} entries this month; chain {log.breaks.length === 0 ? 'intact' : 'BROKEN'}
          </p>
          {log.breaks.map((b) => (
            <p role="alert" key={`${b.seq}-${b.kind}`}>
              Chain broken at #{b.seq} ({b.kind}): {b.detail}
            </p>
          ))}
          <ol aria-label="Access log entries">
            {log.entries.map((e) => (
              <li
                key={`${e.seq}-${e.hash}`}
                data-seq={e.seq}
                data-decision={e.decision}
                data-recording-sid={e.recordingSid ?? ''}
                data-viewer={e.viewer?.identity ?? ''}
              >
                <time dateTime={e.at}>{e.at}</time> {e.action} <strong>{e.decision}</strong> ({e.reason}){' '}
                <code>{e.recordingSid ?? '-'}</code> by{' '}
                {e.viewer
                  ? `${e.viewer.identity} (${e.viewer.roles.join(', ')})`
                  : (e.actor ?? 'an unknown viewer')}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
