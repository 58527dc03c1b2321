import type * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

import { readEnvDefaults } from './config/env';
import { parseConfig } from './config/parseConfig';
import { UI_ATTRIBUTES_KEY } from './config/recordingConfig';
import { registerHangupCall } from './flex-hooks/actions/HangupCall';
import { addRecordingIndicator } from './flex-hooks/components/CallCanvas';
import { addPauseButton } from './flex-hooks/components/CallCanvasActions';
import { registerTaskAccepted } from './flex-hooks/events/taskAccepted';
import { registerTaskEnded } from './flex-hooks/events/taskEnded';
import {
  callSnapshot,
  currentToken,
  flexCallTaskTest,
  rawRecordingSettings,
  selectedReservationSid,
  taskSidOf,
} from './flex-hooks/flexAdapter';
import { registerPauseShortcuts } from './flex-hooks/keyboard-shortcuts/pauseShortcuts';
import {
  registerNotifications,
  showConfigProblems,
  showPauseNotice,
  showRecorderNotice,
} from './flex-hooks/notifications';
import { followWorkerTasks } from './flex-hooks/store/followWorkerTasks';
import { registerStrings } from './flex-hooks/strings';
import { createPauseController } from './recording/pauseController';
import { conferenceSidOfReservation } from './flex-hooks/taskConference';
import { createRecorder } from './recording/recorder';
import { createRecordingStore } from './recording/recordingStore';
import { createReportOnce } from './recording/reportOnce';
import { createWaitFor } from './recording/waitFor';
import { createRecordingClient } from './services/createRecordingClient';
import type { FunctionClientOptions } from './services/functionClient';
import { createPauseRecordingClient } from './services/pauseRecordingClient';
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
    const report = createReportOnce(console, '[dual-channel-recording]');
    const isCallTask = flexCallTaskTest(flex);
    const enabled = config.ok && config.config.enabled;
    const client: FunctionClientOptions | undefined = enabled
      ? {
          baseUrl: config.config.serverlessBaseUrl,
          getToken: () => currentToken(manager),
          fetch: (input, init) => window.fetch(input, init),
        }
      : undefined;
    const recorder = createRecorder({
      config,
      store,
      isCallTask,
      waitFor: createWaitFor(manager.store),
      snapshot: callSnapshot,
      createRecording: client && createRecordingClient(client),
      notify: (notice) => showRecorderNotice(flex, notice, flexTranslate),
      log: console,
    });

    registerTaskAccepted(manager, recorder);
    registerTaskEnded(manager, recorder);
    registerHangupCall(flex, recorder);
    addRecordingIndicator(flex, store, report);
    followWorkerTasks(manager, store, recorder, enabled, isCallTask, report);

    if (!config.ok || !client) return;
    const controller = createPauseController({
      store,
      setPaused: createPauseRecordingClient(client),
      taskSidOf: (reservationSid) => taskSidOf(manager, reservationSid),
      conferenceSidOf: (reservationSid) => conferenceSidOfReservation(manager, reservationSid),
      notify: (notice) => showPauseNotice(flex, notice, flexTranslate),
      log: console,
    });
    const { pauseShortcuts } = config.config;
    if (!addPauseButton(flex, store, controller, pauseShortcuts.toggle, report)) {
      console.warn('[dual-channel-recording] this Flex has no CallCanvasActions: no pause button');
    }
    registerPauseShortcuts(flex, pauseShortcuts, {
      controller,
      store,
      selectedReservationSid: () => selectedReservationSid(manager),
      translate: flexTranslate,
    });
  }
}
