import React from 'react';
import type * as Flex from '@twilio/flex-ui';

import { PauseRecordingButton } from '../../components/PauseRecordingButton/PauseRecordingButton';
import type { PauseController } from '../../recording/pauseController';
import type { RecordingStore } from '../../recording/recordingStore';

/**
 * Adds the pause/resume button to the call canvas actions (hold, mute, ... ; Flex passes it the
 * `task`). Returns false when this Flex has no CallCanvasActions slot, so recording still works.
 */
export function addPauseButton(
  flex: typeof Flex,
  store: RecordingStore,
  controller: PauseController,
  toggleKey: string | null,
): boolean {
  const content = (flex.CallCanvasActions as Partial<typeof Flex.CallCanvasActions> | undefined)?.Content;
  if (!content) return false;
  content.add(
    <PauseRecordingButton
      key="dual-channel-recording-pause-button"
      store={store}
      controller={controller}
      shortcutKey={toggleKey}
    />,
    { sortOrder: 1 },
  );
  return true;
}
