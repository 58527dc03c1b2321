import React from 'react';
import type * as Flex from '@twilio/flex-ui';

import { guarded } from '../../components/PluginErrorBoundary/PluginErrorBoundary';
import { RecordingIndicator } from '../../components/RecordingIndicator/RecordingIndicator';
import type { RecordingStore } from '../../recording/recordingStore';
import type { ReportOnce } from '../../recording/reportOnce';

/**
 * Adds the recording indicator to the call canvas (Flex passes it the `task`), behind our own error
 * boundary: a render error of ours must never take Flex's call canvas down with it.
 */
export function addRecordingIndicator(flex: typeof Flex, store: RecordingStore, report: ReportOnce): void {
  const Indicator = guarded(RecordingIndicator, 'the recording indicator', report);
  flex.CallCanvas.Content.add(<Indicator key="dual-channel-recording-indicator" store={store} />, {
    sortOrder: -1,
  });
}
