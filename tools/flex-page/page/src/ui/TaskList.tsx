import type * as Flex from '@twilio/flex-ui';
import * as React from 'react';
import { useSelector } from 'react-redux';
import { Actions } from '@twilio/flex-ui';

import { api } from '../api';

/** What the task list reads from Flex's store. */
interface TaskListState {
  readonly flex: {
    readonly worker: { readonly tasks: ReadonlyMap<string, Flex.ITask> };
    readonly view: { readonly selectedTaskSid?: string };
  };
}

/** Props of {@link TaskList}. */
export interface TaskListProps {
  /** Agents a call can be transferred to. */
  readonly agents: readonly string[];
  readonly run: (action: () => Promise<unknown>) => void;
}

/** A one-line description of the call behind a task. */
function titleOf(task: Flex.ITask): string {
  const attributes = (task.attributes ?? {}) as Record<string, unknown>;
  const text = (key: string): string => (typeof attributes[key] === 'string' ? String(attributes[key]) : '?');
  if (attributes.client_call === true) return `Internal call to ${text('to')}`;
  return attributes.direction === 'outbound' ? `Outbound call to ${text('to')}` : `Call from ${text('from')}`;
}

/**
 * The agent's tasks as Flex's store holds them (Flex's own task objects): Select and Accept (Flex's
 * SelectTask and AcceptTask actions, as Flex's task list invokes them), the customer's side of the call,
 * and a warm transfer (Flex's TransferTask). Hang up and Complete are Flex's own buttons in the task canvas.
 */
export function TaskList({ agents, run }: TaskListProps): JSX.Element {
  const tasks = useSelector((state: TaskListState) => state.flex.worker.tasks);
  const selected = useSelector((state: TaskListState) => state.flex.view.selectedTaskSid);
  const [target, setTarget] = React.useState(agents[0] ?? 'bob');
  const invoke = (name: string, payload: Record<string, unknown>): void =>
    run(() => Actions.invokeAction(name, payload));
  return (
    <section aria-label="Tasks" className="flexpage-tasks flexpage-chrome">
      <h2>Tasks</h2>
      {tasks.size === 0 && <p>No tasks. Use “Incoming call” to ring this agent.</p>}
      {[...tasks.values()].map((task) => {
        const participants = task.conference?.participants ?? [];
        const customer = participants.find((p) => p.participantType === 'customer');
        const customerJoined = customer?.status === 'joined';
        const outbound = (task.attributes as Record<string, unknown>)?.direction === 'outbound';
        const internal = (task.attributes as Record<string, unknown>)?.client_call === true;
        const isSelected = selected === task.sid;
        return (
          <article
            key={task.sid}
            className={`flexpage-task task-${task.status}${isSelected ? ' task-selected' : ''}`}
            aria-label={`Task ${task.taskSid}`}
            aria-current={isSelected ? 'true' : undefined}
            data-reservation-sid={task.sid}
            data-task-sid={task.taskSid}
            data-status={task.status}
          >
            <h3>
              {titleOf(task)} <span className="badge">{task.status}</span>{' '}
              {isSelected ? (
                <span className="badge">selected</span>
              ) : (
                <button type="button" onClick={() => invoke('SelectTask', { sid: task.sid })}>
                  Select
                </button>
              )}{' '}
              <small>
                queue {task.queueName} · {task.taskSid} · {task.sid}
              </small>
            </h3>
            <div className="row">
              {task.status === 'pending' && !outbound && !internal && (
                <button
                  type="button"
                  className="primary"
                  // What Flex's accept shortcut does: select the task, then accept it.
                  onClick={() =>
                    run(async () => {
                      await Actions.invokeAction('SelectTask', { sid: task.sid });
                      await Actions.invokeAction('AcceptTask', { sid: task.sid });
                    })
                  }
                >
                  Accept
                </button>
              )}
              {task.status === 'pending' && outbound && !customerJoined && (
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
                    onClick={() =>
                      invoke('TransferTask', { sid: task.sid, targetSid: target, options: { mode: 'WARM' } })
                    }
                  >
                    Transfer
                  </button>
                </span>
              )}
            </div>
            {participants.length > 0 && (
              <ul className="participants" aria-label="Participants">
                {participants.map((p) => (
                  <li key={`${p.participantSid ?? ''}${p.callSid ?? ''}`}>
                    {p.participantType} {p.isCurrentWorker ? '(you)' : ''} {p.callSid}: {p.status}
                  </li>
                ))}
              </ul>
            )}
          </article>
        );
      })}
    </section>
  );
}
