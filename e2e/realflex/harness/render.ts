import type { ReactElement } from 'react';

import type { PluginSession } from './pluginSession';

/** A React tree mounted in the document inside Flex's own ContextProvider (store, theme, manager). */
export interface Mounted {
  readonly container: HTMLElement;
  unmount(): void;
}

/**
 * Mounts `element` the way a Flex app with its own store does (Flex's docs for `Manager.create(config,
 * store)`): react-redux's Provider with the store, then Flex's `ContextProvider` with the manager (theme,
 * Flex context, `loadInitialData`). Uses this page's React, the one Flex and the plugin were loaded with.
 */
export function mountInFlex(ps: PluginSession, element: ReactElement): Mounted {
  const { React, ReactDOM, ReactRedux, act, flex } = ps.modules;
  const container = document.createElement('div');
  document.body.appendChild(container);
  act(() => {
    const inFlex = React.createElement(flex.ContextProvider, { manager: ps.session.manager }, element);
    ReactDOM.render(
      React.createElement(ReactRedux.Provider, { store: ps.session.store as never }, inFlex),
      container,
    );
  });
  return {
    container,
    unmount() {
      act(() => {
        ReactDOM.unmountComponentAtNode(container);
      });
      container.remove();
    },
  };
}

/**
 * The agent desktop's task canvas as AgentDesktopView renders it: Flex's `TaskContextSource` for the
 * selected task (`flex.view.selectedTaskSid`), then `TaskCanvas` (tabs; the call tab holds CallCanvas and
 * CallCanvasActions). Follows the selection like Flex does.
 */
export function mountAgentDesktopCanvas(ps: PluginSession): Mounted {
  const { React, ReactRedux, flex } = ps.modules;
  function SelectedTaskCanvas(): ReactElement {
    const taskSid = ReactRedux.useSelector(
      (state: { flex: { view: { selectedTaskSid?: string } } }) => state.flex.view.selectedTaskSid,
    );
    return React.createElement(
      flex.TaskContextSource as never,
      { taskSid } as never,
      React.createElement(flex.TaskCanvas as never, {} as never),
    );
  }
  return mountInFlex(ps, React.createElement(SelectedTaskCanvas));
}

/** Flex's NotificationBar, as the agent sees the notifications (Flex renders them as HTML templates). */
export function mountNotificationBar(ps: PluginSession): Mounted {
  const { React, flex } = ps.modules;
  return mountInFlex(ps, React.createElement(flex.NotificationBar as never));
}
