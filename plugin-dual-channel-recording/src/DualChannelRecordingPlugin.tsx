import type * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

import { readEnvDefaults } from './config/env';
import { parseConfig } from './config/parseConfig';
import { UI_ATTRIBUTES_KEY } from './config/schema';
import { registerHangupCall } from './flex-hooks/actions/HangupCall';
import { addRecordingIndicator } from './flex-hooks/components/CallCanvas';
import { registerTaskAccepted } from './flex-hooks/events/taskAccepted';
import { registerTaskEnded } from './flex-hooks/events/taskEnded';
import { callSnapshot, currentToken, rawRecordingSettings } from './flex-hooks/flexAdapter';
import { registerNotifications, showConfigProblems, showRecorderNotice } from './flex-hooks/notifications';
import { registerStrings } from './flex-hooks/strings';
import { createRecorder } from './recording/recorder';
import { createRecordingStore } from './recording/recordingStore';
import { createWaitFor } from './recording/waitFor';
import { createRecordingClient } from './services/createRecordingClient';
import { flexTranslate } from './strings/flexTemplates';

const PLUGIN_NAME = 'DualChannelRecordingPlugin';

/** Registers dual-channel recording with Flex. */
export default class DualChannelRecordingPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /** Wires hooks, components and strings into Flex. */
  init(flex: typeof Flex, manager: Flex.Manager): void {
    registerStrings(manager);
    registerNotifications(flex);

    const config = parseConfig(rawRecordingSettings(manager, UI_ATTRIBUTES_KEY), readEnvDefaults());
    if (!config.ok) showConfigProblems(flex, config.problems, console);

    const store = createRecordingStore();
    const enabled = config.ok && config.config.enabled;
    const recorder = createRecorder({
      config,
      store,
      waitFor: createWaitFor(manager.store),
      snapshot: callSnapshot,
      createRecording: enabled
        ? createRecordingClient({
            baseUrl: config.config.serverlessBaseUrl,
            getToken: () => currentToken(manager),
            fetch: (input, init) => window.fetch(input, init),
          })
        : undefined,
      notify: (notice) => showRecorderNotice(flex, notice, flexTranslate),
      log: console,
    });

    registerTaskAccepted(manager, recorder);
    registerTaskEnded(manager, recorder);
    registerHangupCall(flex, recorder);
    addRecordingIndicator(flex, store);
  }
}
