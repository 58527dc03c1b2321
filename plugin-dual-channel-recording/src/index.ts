import * as FlexPlugin from '@twilio/flex-plugin';

import DualChannelRecordingPlugin from './DualChannelRecordingPlugin';

FlexPlugin.loadPlugin(DualChannelRecordingPlugin);
