import type { SessionInfo } from '../api.js';
import type { FlexStandIn } from '../flex.js';
import { React } from '../react.js';
import type { TaskSync } from '../taskSync.js';
import { Header } from './Header.js';
import { NotificationList } from './NotificationList.js';
import { SandboxPanel } from './SandboxPanel.js';
import { SimulatePanel } from './SimulatePanel.js';
import { TaskCard } from './TaskCard.js';
import { useSubscriptions } from './useSubscription.js';

/** Props of {@link App}. */
export interface AppProps {
  readonly standIn: FlexStandIn;
  readonly sync: TaskSync;
  readonly session: SessionInfo;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The stand-in page: banner, notifications, call simulation, the agent's tasks, the sandbox. */
export function App({ standIn, sync, session, settings }: AppProps): JSX.Element {
  useSubscriptions(
    standIn.store.subscribe,
    standIn.notifications.subscribe,
    standIn.callCanvas.subscribe,
    standIn.callCanvasActions.subscribe,
    standIn.taskCanvas.subscribe,
    standIn.shortcuts.subscribe,
    sync.subscribe,
  );
  const [error, setError] = React.useState<string | undefined>();
  const run = (action: () => Promise<unknown>): void => {
    setError(undefined);
    // Button handlers cannot await; failures are shown on the page instead.
    void action().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const { worker, view } = standIn.store.getState().flex;
  const tasks = [...worker.tasks.values()];
  return (
    <div className="standin-app">
      <Header
        session={session}
        plugins={standIn.plugins()}
        settings={settings}
        shortcuts={standIn.shortcuts.registered()}
      />
      <NotificationList center={standIn.notifications} />
      {error && (
        <p role="alert" className="standin-error">
          {error}
        </p>
      )}
      <main>
        <div className="standin-agent">
          <SimulatePanel session={session} sync={sync} run={run} />
          <section aria-label="Tasks" className="standin-tasks">
            <h2>Tasks</h2>
            {tasks.length === 0 && <p>No tasks. Use “Incoming call” to ring this agent.</p>}
            {tasks.map((task) => (
              <TaskCard
                key={task.sid}
                task={task}
                selected={view.selectedTaskSid === task.sid}
                onSelect={() => sync.select(task.sid)}
                standIn={standIn}
                agents={session.agents}
                run={run}
              />
            ))}
          </section>
        </div>
        <SandboxPanel state={sync.latest()} onRefresh={() => run(() => sync.refresh())} />
      </main>
    </div>
  );
}
