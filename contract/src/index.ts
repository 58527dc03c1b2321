/**
 * `@dual-channel-recording/contract`: the one place for what the Functions, the Flex plugin and the
 * recordings CLI must agree on. Pure and browser-safe, no dependencies; bundlers keep only what a
 * consumer imports (`sideEffects: false`).
 */
export * from './http/bodies';
export * from './http/errors';
export * from './task-attributes/layout';
export * from './task-attributes/media-entry';
export * from './task-attributes/parse';
export * from './retry/retry';
export * from './twilio/api-error';
export * from './twilio/limits';
export * from './credentials/sid';
export * from './credentials/settings';
export * from './settings/exclusions';
export * from './settings/compliance';
export * from './settings/voice-intelligence';
export { isRecord } from './json/is-record';
export * from './settings/setting-docs';
export * from './access-log/chain';
export * from './access-log/append';
