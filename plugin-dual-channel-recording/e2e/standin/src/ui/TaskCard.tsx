import { api } from '../api.js';
import type { FlexStandIn } from '../flex.js';
import type { StandInTask } from '../flexSurface.js';
import { React } from '../react.js';

/** Props of {@link TaskCard}. */
export interface TaskCardProps {
  readonly task: StandInTask;
  /** Whether this is the agent desktop's selected task (`flex.view.selectedTaskSid`). */
  readonly selected: boolean;
  /** Selects this task, as clicking a task in Flex's task list does. */
  readonly onSelect: () => void;
  readonly standIn: FlexStandIn;
  readonly agents: readonly string[];
  readonly run: (action: () => Promise<unknown>) => void;
}

/** A one-line description of the call behind a task. */
function titleOf(task: StandInTask): string {
  const { attributes } = task;
  const text = (key: string): string => (typeof attributes[key] === 'string' ? String(attributes[key]) : '?');
  if (attributes.client_call === true) return `Internal call to ${text('to')}`;
  return attributes.direction === 'outbound' ? `Outbound call to ${text('to')}` : `Call from ${text('from')}`;
}

/**
 * One task as Flex shows it: its controls (Accept, Hang up, Complete and a warm transfer, through
 * Flex actions so plugins' listeners run), simulation controls for the customer's side, and the
 * call canvas with whatever plugins added to it and to its call controls (CallCanvasActions).
 */
export function TaskCard({ task, selected, onSelect, standIn, agents, run }: TaskCardProps): JSX.Element {
  const [target, setTarget] = React.useState(agents[0] ?? 'bob');
  const { Actions } = standIn.flex;
  const invoke = (name: string, extra: Readonly<Record<string, unknown>> = {}): void =>
    run(() => Actions.invokeAction(name, { sid: task.sid, task, ...extra }));
  const participants = task.conference?.participants ?? [];
  const customer = participants.find((p) => p.participantType === 'customer');
  const customerJoined = customer?.status === 'joined';
  const onCall = task.status === 'accepted' || task.status === 'wrapping';
  return (
    <article
      className={`standin-task task-${task.status}${selected ? ' task-selected' : ''}`}
      aria-label={`Task ${task.taskSid}`}
      aria-current={selected ? 'true' : undefined}
      data-reservation-sid={task.sid}
      data-task-sid={task.taskSid}
    >
      <h3>
        {titleOf(task)} <span className="badge">{task.status}</span>{' '}
        {selected ? (
          <span className="badge">selected</span>
        ) : (
          <button type="button" onClick={onSelect}>
            Select
          </button>
        )}{' '}
        <small>
          queue {task.queueName} · {task.taskSid} · {task.sid}
        </small>
      </h3>
      <div className="row">
        {task.status === 'pending' && (
          <button type="button" className="primary" onClick={() => invoke('AcceptTask')}>
            Accept
          </button>
        )}
        {task.status === 'accepted' && task.conference && !customer && (
          <button type="button" onClick={() => run(() => api.answer(task.taskSid))}>
            Customer answers
          </button>
        )}
        {task.status === 'accepted' && customerJoined && (
          <button type="button" onClick={() => run(() => api.customerHangup(task.taskSid))}>
            Customer hangs up
          </button>
        )}
        {task.status === 'accepted' && customerJoined && (
          <span className="transfer">
            <select aria-label="Transfer to" value={target} onChange={(e) => setTarget(e.target.value)}>
              {agents.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
            <button
              type="button"
              onClick={() => invoke('TransferTask', { targetSid: target, options: { mode: 'WARM' } })}
            >
              Transfer
            </button>
          </span>
        )}
        {task.status === 'accepted' && (
          <button type="button" className="danger" onClick={() => invoke('HangupCall')}>
            Hang up
          </button>
        )}
        {task.status === 'wrapping' && (
          <button type="button" onClick={() => invoke('CompleteTask')}>
            Complete
          </button>
        )}
      </div>
      {participants.length > 0 && (
        <ul className="participants" aria-label="Participants">
          {participants.map((p) => (
            <li key={p.callSid}>
              {p.participantType} {p.isCurrentWorker ? '(you)' : ''} {p.callSid}: {p.status}
            </li>
          ))}
        </ul>
      )}
      {onCall && (
        <section aria-label="Call canvas" className="standin-call-canvas" data-testid="call-canvas">
          {standIn.callCanvas.render({ task })}
          <div role="toolbar" aria-label="Call controls" className="standin-call-canvas-actions">
            {standIn.callCanvasActions.render({ task })}
          </div>
        </section>
      )}
      {standIn.taskCanvas.render({ task })}
    </article>
  );
}
