import React from 'react';
import type * as Flex from '@twilio/flex-ui';

import { RecordingIndicator } from '../../components/RecordingIndicator/RecordingIndicator';
import type { RecordingStore } from '../../recording/recordingStore';

/** Adds the recording indicator to the call canvas (Flex passes it the `task`). */
export function addRecordingIndicator(flex: typeof Flex, store: RecordingStore): void {
  flex.CallCanvas.Content.add(<RecordingIndicator key="dual-channel-recording-indicator" store={store} />, {
    sortOrder: -1,
  });
}
