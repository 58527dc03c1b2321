/**
 * Drives the real Flex UI (`@twilio/flex-ui` 2.17) at Twilio's edges: see README.md in the folder above.
 * Environment-neutral: no jest and no jsdom-only API, so a browser page can use it as is.
 */
export { FlexActionType } from './actionTypes';
export { DrivenCall } from './calls';
export type { CallKind, CallOptions, Leg } from './calls';
export {
  CONFERENCE_UPDATE_THROTTLE_MS,
  FAILED_TRANSFER_MS,
  OUTBOUND_TRANSFER_EVENTS,
  RECENTLY_LEFT_MS,
} from './conferences';
export type { FlexUi } from './flexUi';
export { CHANNEL_STATUSES, INTERACTION_PARTICIPANT_TYPES, VoiceChannel } from './interactions';
export { startFlexSession } from './session';
export type { FlexSession, FlexSessionOptions, PluginClass, TokenPayload } from './session';
export { SdkOutgoingTransfer, SdkReservation, SdkTask } from './taskRouterSdk';
export type { OutgoingTransferStatus, ReservationStatus, TaskSpec, TaskStatus } from './taskRouterSdk';
export type { ReservationEvent } from './worker';
export { MULTI_TAB_FALLBACK_MS, SESSION_IDENTIFIER_KEY, VoiceCall } from './voice';
