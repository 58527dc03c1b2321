import { api } from './api.js';
import { createFlexStandIn } from './flex.js';
import { registerFlexActions } from './flexActions.js';
import { installFlexGlobal } from './installFlexGlobal.js';
import { React, ReactDOM } from './react.js';
import { createTaskSync } from './taskSync.js';
import { App } from './ui/App.js';

/** Where the stand-in server serves the production plugin bundle (plugin-dual-channel-recording/build). */
const PLUGIN_BUNDLE = '/plugins/plugin-dual-channel-recording.js';

/** Adds a classic <script>, as Flex loads plugin bundles, and resolves once it has run. */
function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.body.appendChild(script);
  });
}

/** Reads `?settings=<json>`: a whole `dual_channel_recording` object replacing the server's default. */
function settingsFromUrl(params: URLSearchParams): Readonly<Record<string, unknown>> | undefined {
  const raw = params.get('settings');
  if (raw === null) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('?settings must be a JSON object');
  return parsed as Record<string, unknown>;
}

async function main(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const agent = params.get('agent') ?? 'alice';
  const session = await api.session(agent);
  const settings = settingsFromUrl(params) ?? session.settings;
  const standIn = createFlexStandIn({ session, settings, localeTag: params.get('locale') ?? 'en-US' });
  installFlexGlobal(standIn.flex);
  await loadScript(PLUGIN_BUNDLE);

  const me = { workerSid: session.workerSid, identity: session.identity };
  const sync = createTaskSync(standIn, me, api.state);
  registerFlexActions(standIn, sync);
  await sync.refresh();
  // Anything that changes the sandbox (this or another tab, a test, a Function writing the task
  // attributes, a status callback) reaches the page as a server event, as TaskRouter pushes task
  // updates to Flex: re-read it. flex.worker.tasks then holds new task objects for changed tasks.
  new EventSource('/api/events').addEventListener('changed', () => void sync.refresh());

  ReactDOM.render(<App standIn={standIn} sync={sync} session={session} settings={settings} />, root);
  document.body.dataset.standinReady = 'true';
}

const root = document.getElementById('root');
if (root) {
  main(root).catch((error: unknown) => {
    console.error('[flex-stand-in] start-up failed', error);
    root.textContent = `The Flex stand-in could not start: ${error instanceof Error ? error.message : String(error)}`;
    document.body.dataset.standinReady = 'failed';
  });
}
