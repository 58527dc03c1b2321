import type * as ReduxToolkit from '@reduxjs/toolkit';
import type * as Flex from '@twilio/flex-ui';
import type * as React from 'react';
import type * as ReactDOM from 'react-dom';
import type * as ReactRedux from 'react-redux';

/** What the vendor bundle puts on `window.__flexPageVendor`, by module name (see server/pageBuild.ts). */
export interface FlexPageVendor {
  readonly '@twilio/flex-ui': typeof Flex;
  readonly react: typeof React;
  readonly 'react-dom': typeof ReactDOM;
  readonly 'react-redux': typeof ReactRedux;
  readonly '@reduxjs/toolkit': typeof ReduxToolkit;
}
