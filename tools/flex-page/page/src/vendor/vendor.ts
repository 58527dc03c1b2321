/**
 * The vendor bundle: the installed `@twilio/flex-ui` (its compiled bundle, unchanged) and the packages it
 * `require()`s, built once per Flex version (server/pageBuild.ts). React and ReactDOM become page globals
 * as on a Flex page, where plugin bundles read them; the page bundle takes all five modules from
 * `window.__flexPageVendor`, so Flex, the page and the plugin share one copy of each.
 */
import './globals';

import * as ReduxToolkit from '@reduxjs/toolkit';
import * as Flex from '@twilio/flex-ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactRedux from 'react-redux';

import type { FlexPageVendor } from './vendorTypes';

const vendor: FlexPageVendor = {
  '@twilio/flex-ui': Flex,
  react: React,
  'react-dom': ReactDOM,
  'react-redux': ReactRedux,
  '@reduxjs/toolkit': ReduxToolkit,
};
Object.assign(window, { React, ReactDOM, __flexPageVendor: vendor });
