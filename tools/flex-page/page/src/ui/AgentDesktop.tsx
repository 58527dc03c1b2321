import * as Flex from '@twilio/flex-ui';
import * as React from 'react';
import { useSelector } from 'react-redux';

/** What the desktop reads from Flex's store. */
interface DesktopState {
  readonly flex: { readonly view: { readonly selectedTaskSid?: string } };
}

/**
 * Flex's own components as the agent desktop holds them: the NotificationBar, and for the selected task
 * (`flex.view.selectedTaskSid`) Flex's `TaskContextSource` around `TaskCanvas`, whose call tab is the real
 * CallCanvas and CallCanvasActions (Mute, Transfer, Dialpad, Hang up, and what plugins add).
 */
export function AgentDesktop(): JSX.Element {
  const taskSid = useSelector((state: DesktopState) => state.flex.view.selectedTaskSid);
  return (
    <>
      <section aria-label="Notifications" className="flexpage-notifications">
        <Flex.NotificationBar />
      </section>
      <section aria-label="Task canvas" className="flexpage-canvas" data-testid="call-canvas">
        {taskSid ? (
          <Flex.TaskContextSource taskSid={taskSid}>
            <Flex.TaskCanvas />
          </Flex.TaskContextSource>
        ) : (
          <p className="flexpage-hint">Select a task to see its call canvas.</p>
        )}
      </section>
    </>
  );
}
