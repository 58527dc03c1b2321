import * as Flex from '@twilio/flex-ui';
import * as React from 'react';
import { Provider } from 'react-redux';

import type { FlexSession } from '../../../driver';
import type { SessionInfo } from '../api';
import type { SandboxMirror } from '../edge/sandboxMirror';
import type { StateFeed } from '../edge/stateFeed';
import type { PluginOutcome } from '../flexPlugins';
import { AgentDesktop } from './AgentDesktop';
import { Header } from './Header';
import { AccessLogPanel } from './AccessLogPanel';
import { ReplayPanel } from './ReplayPanel';
import { SandboxPanel } from './SandboxPanel';
import { SettingsPanel } from './SettingsPanel';
import { SimulatePanel } from './SimulatePanel';
import { TaskList } from './TaskList';

/** Props of {@link App}. */
export interface AppProps {
  readonly session: FlexSession;
  readonly info: SessionInfo;
  readonly feed: StateFeed;
  readonly mirror: SandboxMirror;
  readonly plugins: readonly PluginOutcome[];
}

/**
 * The page: a banner, the phone network's controls, the agent's tasks, Flex's own agent desktop for the
 * selected task (NotificationBar, TaskCanvas → CallCanvas / CallCanvasActions), the settings the page runs
 * with, the supervisor's replay view and access log, and what the sandbox holds.
 * Everything sits inside Flex's ContextProvider with Flex's store, as in a Flex app.
 */
export function App({ session, info, feed, mirror, plugins }: AppProps): JSX.Element {
  const [error, setError] = React.useState<string | undefined>();
  const [replays, setReplays] = React.useState(0);
  const onReplayAnswered = React.useCallback(() => setReplays((n) => n + 1), []);
  const run = React.useCallback((action: () => Promise<unknown>): void => {
    setError(undefined);
    // Button handlers cannot await; failures are shown on the page instead.
    void action().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return (
    <Provider store={session.store as never}>
      <Flex.ContextProvider manager={session.manager}>
        <div className="flexpage-app">
          <Header info={info} plugins={plugins} flex={session.flex} />
          {error && (
            <p role="alert" className="flexpage-error">
              {error}
            </p>
          )}
          <main>
            <div className="flexpage-agent">
              <SimulatePanel info={info} mirror={mirror} run={run} />
              <TaskList agents={info.agents} run={run} />
              <AgentDesktop />
            </div>
            <div className="flexpage-side">
              <SettingsPanel flex={session.flex} />
              <ReplayPanel feed={feed} flexToken={info.token} onAnswered={onReplayAnswered} />
              {info.roles.includes('supervisor') && <AccessLogPanel replays={replays} />}
              <SandboxPanel feed={feed} />
            </div>
          </main>
        </div>
      </Flex.ContextProvider>
    </Provider>
  );
}
