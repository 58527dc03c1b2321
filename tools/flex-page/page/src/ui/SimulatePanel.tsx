import * as React from 'react';

import type { PlacedCall, SessionInfo } from '../api';
import { api } from '../api';
import type { PlacedKind, SandboxMirror } from '../edge/sandboxMirror';

/** Props of {@link SimulatePanel}. */
export interface SimulatePanelProps {
  readonly info: SessionInfo;
  readonly mirror: SandboxMirror;
  /** Runs a user action, showing its error on the page if it fails. */
  readonly run: (action: () => Promise<unknown>) => void;
}

/** This page's URL for another agent, keeping the other parameters (settings, locale). */
function agentUrl(agent: string): string {
  const params = new URLSearchParams(window.location.search);
  params.set('agent', agent);
  return `?${params.toString()}`;
}

/**
 * The telephone network and the agent's dialler: a customer calls in, the agent calls a customer (Flex's
 * StartOutboundCall) or another agent. A call this agent places rings this tab's Voice SDK.
 */
export function SimulatePanel({ info, mirror, run }: SimulatePanelProps): JSX.Element {
  const [queue, setQueue] = React.useState(info.queues[0] ?? 'Everyone');
  const [other, setOther] = React.useState(info.agents[0] ?? 'bob');
  const place = (kind: PlacedKind, request: () => Promise<PlacedCall>) =>
    run(async () => {
      mirror.placingHere(kind);
      try {
        await request();
      } catch (error) {
        mirror.placingFailed(kind);
        throw error;
      }
    });
  return (
    <section aria-label="Simulate" className="flexpage-simulate flexpage-chrome">
      <h2>Simulate the phone network</h2>
      <div className="row">
        <label>
          Queue{' '}
          <select aria-label="Queue" value={queue} onChange={(e) => setQueue(e.target.value)}>
            {info.queues.map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => run(() => api.inboundCall(info.identity, queue))}>
          Incoming call
        </button>
      </div>
      <div className="row">
        <button type="button" onClick={() => place('outbound', () => api.outboundCall(info.identity))}>
          Outbound call
        </button>
      </div>
      <div className="row">
        <label>
          Agent{' '}
          <select aria-label="Other agent" value={other} onChange={(e) => setOther(e.target.value)}>
            {info.agents.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => place('internal', () => api.internalCall(info.identity, other))}>
          Call agent
        </button>
        <a href={agentUrl(other)} target="_blank" rel="noreferrer">
          Open {other}&apos;s tab
        </a>
      </div>
    </section>
  );
}
