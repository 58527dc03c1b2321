import React from 'react';
import type * as Flex from '@twilio/flex-ui';

import { PauseRecordingButton } from '../../components/PauseRecordingButton/PauseRecordingButton';
import { guarded } from '../../components/PluginErrorBoundary/PluginErrorBoundary';
import type { PauseController } from '../../recording/pauseController';
import type { RecordingStore } from '../../recording/recordingStore';
import type { ReportOnce } from '../../recording/reportOnce';

/**
 * Adds the pause/resume button to the call canvas actions (hold, mute, ... ; Flex passes it the
 * `task`), behind our own error boundary. Returns false when this Flex has no CallCanvasActions slot,
 * so recording still works.
 */
export function addPauseButton(
  flex: typeof Flex,
  store: RecordingStore,
  controller: PauseController,
  toggleKey: string | null,
  report: ReportOnce,
): boolean {
  const content = (flex.CallCanvasActions as Partial<typeof Flex.CallCanvasActions> | undefined)?.Content;
  if (!content) return false;
  const Button = guarded(PauseRecordingButton, 'the pause button', report);
  content.add(
    <Button
      key="dual-channel-recording-pause-button"
      store={store}
      controller={controller}
      shortcutKey={toggleKey}
    />,
    { sortOrder: 1 },
  );
  return true;
}
