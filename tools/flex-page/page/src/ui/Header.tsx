import type * as Flex from '@twilio/flex-ui';
import * as React from 'react';

import type { SessionInfo } from '../api';
import type { PluginOutcome } from '../flexPlugins';

/** Props of {@link Header}. */
export interface HeaderProps {
  readonly info: SessionInfo;
  readonly plugins: readonly PluginOutcome[];
  readonly flex: typeof Flex;
}

/** Shortcuts plugins added to Flex's KeyboardShortcutManager (Flex adds Ctrl+Shift), by key. */
function pluginShortcuts(flex: typeof Flex): Array<[string, string]> {
  const defaults = new Set(Object.keys(flex.defaultKeyboardShortcuts));
  return Object.entries(flex.KeyboardShortcutManager.keyboardShortcuts)
    .filter(([key]) => !defaults.has(key))
    .map(([key, shortcut]) => [key, String(shortcut.name)]);
}

/** The banner that says what this page is and who is signed in. */
export function Header({ info, plugins, flex }: HeaderProps): JSX.Element {
  const shortcuts = pluginShortcuts(flex);
  return (
    <header className="flexpage-header">
      <p className="flexpage-label" role="note">
        Local Flex page: the real Flex UI {flex.VERSION} (store, Actions, notifications, shortcuts, call
        canvas) fed by the local Twilio sandbox instead of Twilio&apos;s websockets. It loads the production
        plugin bundle through Flex&apos;s PluginManager.
      </p>
      <h1>
        {info.roles.includes('supervisor') ? 'Supervisor' : 'Agent'}{' '}
        <span data-testid="agent-identity">{info.identity}</span>{' '}
        <small>
          ({info.workerSid}, roles: <span data-testid="roles">{info.roles.join(', ')}</span>)
        </small>
      </h1>
      <p>
        Plugins:{' '}
        {plugins.length === 0
          ? 'none loaded'
          : plugins.map((p) => (
              <span
                key={p.name}
                data-testid="loaded-plugin"
                data-state={p.state}
                className={p.state === 'Initialized' ? 'plugin-ok' : 'plugin-failed'}
              >
                {p.name} {p.version} ({p.state})
              </span>
            ))}
      </p>
      {shortcuts.length > 0 && (
        <p>
          Keyboard shortcuts:{' '}
          {shortcuts.map(([key, name]) => (
            <span key={key} className="shortcut">
              <kbd>Ctrl+Shift+{key}</kbd> {name}{' '}
            </span>
          ))}
        </p>
      )}
    </header>
  );
}
