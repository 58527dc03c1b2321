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

/** A labelled drop-down of `options` (`name` is its accessible name). */
function Choice(props: {
  readonly label: string;
  readonly name: string;
  readonly value: string;
  readonly options: readonly string[];
  readonly onChange: (value: string) => void;
}): JSX.Element {
  return (
    <label>
      {props.label}{' '}
      <select aria-label={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );
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
        <Choice label="Queue" name="Queue" value={queue} options={info.queues} onChange={setQueue} />
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
        <Choice label="Agent" name="Other agent" value={other} options={info.agents} onChange={setOther} />
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
