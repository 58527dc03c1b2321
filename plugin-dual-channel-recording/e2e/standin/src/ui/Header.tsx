import type { SessionInfo } from '../api.js';
import type { LoadedPlugin } from '../flex.js';
import { React } from '../react.js';

/** Props of {@link Header}. */
export interface HeaderProps {
  readonly session: SessionInfo;
  readonly plugins: readonly LoadedPlugin[];
  readonly settings: Readonly<Record<string, unknown>>;
  /** Keyboard shortcuts plugins registered, by key (Flex adds Ctrl+Shift). */
  readonly shortcuts: Readonly<Record<string, string>>;
}

/** The banner that says what this page is (a stand-in, not Flex) and who is signed in. */
export function Header({ session, plugins, settings, shortcuts }: HeaderProps): JSX.Element {
  const keys = Object.entries(shortcuts);
  return (
    <header className="standin-header">
      <p className="standin-label" role="note">
        Flex stand-in: a local page that imitates the few Twilio Flex APIs the plugin uses. It is not Twilio
        Flex. It loads the production plugin bundle the way Flex does, and talks to the local Twilio sandbox.
      </p>
      <h1>
        Agent <span data-testid="agent-identity">{session.identity}</span>{' '}
        <small>({session.workerSid})</small>
      </h1>
      <p>
        Plugins:{' '}
        {plugins.length === 0
          ? 'none loaded'
          : plugins.map((p) => (
              <span
                key={p.name}
                data-testid="loaded-plugin"
                className={p.error ? 'plugin-failed' : 'plugin-ok'}
              >
                {p.name}
                {p.error ? ` (init failed: ${p.error})` : ' (initialised)'}
              </span>
            ))}
      </p>
      {keys.length > 0 && (
        <p>
          Keyboard shortcuts:{' '}
          {keys.map(([key, name]) => (
            <span key={key} className="shortcut">
              <kbd>Ctrl+Shift+{key}</kbd> {name}{' '}
            </span>
          ))}
        </p>
      )}
      <details>
        <summary>Plugin settings (ui_attributes.dual_channel_recording)</summary>
        <pre>{JSON.stringify(settings, null, 2)}</pre>
      </details>
    </header>
  );
}
