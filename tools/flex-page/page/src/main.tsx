import * as Flex from '@twilio/flex-ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';

import { startFlexSession } from '../../driver';
import type { SessionInfo } from './api';
import { api } from './api';
import type { TwilioRequests } from './edge/pageSdk';
import { SandboxMirror } from './edge/sandboxMirror';
import { createStateFeed } from './edge/stateFeed';
import { replaceTwilioActions } from './edge/twilioActions';
import { loadPlugins } from './flexPlugins';
import { App } from './ui/App';

/** The agent's clicks, sent to TaskRouter (the sandbox) through the page server. */
const requests: TwilioRequests = {
  accept: async (reservationSid) => void (await api.accept(reservationSid)),
  complete: async (reservationSid) => void (await api.complete(reservationSid)),
  transfer: async (taskSid, toAgent) => void (await api.transfer(taskSid, toAgent)),
  hangUp: async (reservationSid) => void (await api.hangup(reservationSid)),
};

/** The Flex session of the signed-in person, with the account's Flex configuration (`ui_attributes`). */
function startSession(session: SessionInfo, params: URLSearchParams) {
  const language = params.get('locale');
  return startFlexSession(Flex, {
    identity: session.identity,
    token: session.token,
    tokenExpiresAt: session.tokenExpiresAt,
    roles: session.roles,
    sids: {
      accountSid: session.accountSid,
      workspaceSid: session.workspaceSid,
      workerSid: session.workerSid,
    },
    // The Flex Configuration API's ui_attributes, which Flex spreads into manager.configuration.
    uiAttributes: { ...session.uiAttributes, ...(language ? { language } : {}) },
  });
}

/**
 * Starts the page in Flex's order: the Flex session (store, Manager, login), what TaskRouter holds for
 * the worker (WORKER_INIT), the plugins through Flex's PluginManager, then the strings
 * (`loadInitialData`), then the agent desktop; from then on every sandbox change reaches Flex as Twilio's
 * events.
 */
async function main(root: HTMLElement): Promise<void> {
  const started = performance.now();
  const params = new URLSearchParams(window.location.search);
  const info = await api.session(params.get('agent') ?? 'alice', params.get('role') ?? 'agent');
  const session = await startSession(info, params);
  // As on a Flex page: plugin bundles find Flex at window.Twilio.Flex.
  Reflect.set(window, 'Twilio', { Flex });

  const mirror = new SandboxMirror({
    session,
    me: { workerSid: info.workerSid, identity: info.identity },
    requests,
    // Flex selects a call the agent places; the agent selects any other task in the task list.
    onPlaced: (sid) => void Flex.Actions.invokeAction('SelectTask', { sid }),
  });
  replaceTwilioActions(session, mirror);
  // The page publishes its reads of the sandbox (body data-state-reads-started / -applied; reads are
  // serialised), so a test waits for a read that began after a change instead of sleeping a round trip.
  let reads = 0;
  const feed = createStateFeed(mirror, () => {
    reads += 1;
    document.body.dataset.stateReadsStarted = String(reads);
    return api.state();
  });
  feed.subscribe(() => {
    document.body.dataset.stateReadsApplied = String(reads);
  });
  // Subscribed before the first read, so no change between the two is missed.
  new EventSource('/api/events').addEventListener('changed', () => {
    feed
      .refresh()
      .catch((error: unknown) => console.error('[flex page] could not re-read the sandbox', error));
  });
  await feed.start();

  const plugins = await loadPlugins(Flex, session.manager, await api.plugins());
  await session.loadInitialData();

  ReactDOM.render(<App session={session} info={info} feed={feed} mirror={mirror} plugins={plugins} />, root);
  document.body.dataset.pageReady = 'true';
  document.body.dataset.pageStartMs = String(Math.round(performance.now() - started));
}

const root = document.getElementById('root');
if (root) {
  main(root).catch((error: unknown) => {
    console.error('[flex page] start-up failed', error);
    root.textContent = `The Flex page could not start: ${error instanceof Error ? error.message : String(error)}`;
    document.body.dataset.pageReady = 'failed';
  });
}
