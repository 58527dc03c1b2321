import type { SessionInfo } from '../api.js';
import { api } from '../api.js';
import { React } from '../react.js';
import type { TaskSync } from '../taskSync.js';

/** Props of {@link SimulatePanel}. */
export interface SimulatePanelProps {
  readonly session: SessionInfo;
  readonly sync: TaskSync;
  /** Runs a user action, showing its error on the page if it fails. */
  readonly run: (action: () => Promise<unknown>) => void;
}

/** The reservation SID in a scenario answer from the stand-in server. */
function reservationSidOf(result: unknown): string | undefined {
  return typeof result === 'object' && result !== null && 'reservationSid' in result
    ? String(result.reservationSid)
    : undefined;
}

/** This page's URL for another agent, keeping the other parameters (settings, locale). */
function agentUrl(agent: string): string {
  const params = new URLSearchParams(window.location.search);
  params.set('agent', agent);
  return `?${params.toString()}`;
}

/** Buttons that make the sandbox place calls for this agent (what the telephone network would do). */
export function SimulatePanel({ session, sync, run }: SimulatePanelProps): JSX.Element {
  const [queue, setQueue] = React.useState(session.queues[0] ?? 'Everyone');
  const [other, setOther] = React.useState(session.agents[0] ?? 'bob');
  // Calls this agent places are accepted at once (Flex auto-accepts them); this tab holds the call.
  const placed = async (result: Promise<unknown>): Promise<void> => {
    const reservationSid = reservationSidOf(await result);
    if (reservationSid) sync.markAcceptedHere(reservationSid);
    await sync.refresh();
  };
  return (
    <section aria-label="Simulate" className="standin-simulate">
      <h2>Simulate the phone network</h2>
      <div className="row">
        <label>
          Queue{' '}
          <select aria-label="Queue" value={queue} onChange={(e) => setQueue(e.target.value)}>
            {session.queues.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => run(() => api.inboundCall(session.identity, queue))}>
          Incoming call
        </button>
      </div>
      <div className="row">
        <button type="button" onClick={() => run(() => placed(api.outboundCall(session.identity)))}>
          Outbound call
        </button>
      </div>
      <div className="row">
        <label>
          Agent{' '}
          <select aria-label="Other agent" value={other} onChange={(e) => setOther(e.target.value)}>
            {session.agents.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => run(() => placed(api.internalCall(session.identity, other)))}>
          Call agent
        </button>
        <a href={agentUrl(other)} target="_blank" rel="noreferrer">
          Open {other}&apos;s tab
        </a>
      </div>
    </section>
  );
}
