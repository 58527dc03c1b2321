import type * as ReactModule from 'react';
import type * as ReactDomModule from 'react-dom';
import type * as ReactRedux from 'react-redux';
import type * as TestUtils from 'react-dom/test-utils';

import type * as Driver from '@dual-channel-recording/flex-page/driver';
import type DualChannelRecordingPlugin from 'plugin-dual-channel-recording/src/DualChannelRecordingPlugin';

/** One page's worth of modules: a Flex UI instance, the plugin built against it, React, the driver. */
export interface RealFlexModules {
  readonly flex: Driver.FlexUi;
  readonly driver: typeof Driver;
  readonly Plugin: typeof DualChannelRecordingPlugin;
  readonly React: typeof ReactModule;
  readonly ReactDOM: typeof ReactDomModule;
  readonly ReactRedux: typeof ReactRedux;
  readonly act: typeof TestUtils.act;
}

/**
 * Loads `@twilio/flex-ui`, the plugin and React in a fresh module registry, as one browser page holds
 * them: Flex's singletons (Notifications, Actions, KeyboardShortcutManager, the content stores of
 * CallCanvas) belong to this load only. Costs about 3-5 s (the 8 MB bundle), so a test file loads a few.
 */
export function loadRealFlex(): RealFlexModules {
  let modules: RealFlexModules | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports -- a fresh registry needs require() */
    modules = {
      flex: require('@twilio/flex-ui') as Driver.FlexUi,
      driver: require('@dual-channel-recording/flex-page/driver') as typeof Driver,
      Plugin: (
        require('plugin-dual-channel-recording/src/DualChannelRecordingPlugin') as {
          default: typeof DualChannelRecordingPlugin;
        }
      ).default,
      React: require('react') as typeof ReactModule,
      ReactDOM: require('react-dom') as typeof ReactDomModule,
      ReactRedux: require('react-redux') as typeof ReactRedux,
      act: (require('react-dom/test-utils') as typeof TestUtils).act,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  if (!modules) throw new Error('jest.isolateModules did not run');
  return modules;
}
