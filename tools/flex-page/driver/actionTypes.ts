/**
 * The Redux action types Flex UI 2.17.1's own listeners dispatch, read from the installed bundle
 * (`@twilio/flex-ui/bundle/twilio-flex.prod.js`; the names below are the bundle's, so a reviewer can grep
 * them). The reducers that handle them are Flex's: the driver only dispatches.
 */
export const FlexActionType = {
  /** WorkerState `initAndLoadReservations`: `{ listener, source, activity, activities, attributes, tasks }`. */
  workerInit: 'WORKER_INIT',
  /** WorkerState `Actions.addReservation` on the SDK's `reservationCreated`: the SDK Reservation. */
  addReservation: 'WORKER_ADD_RESERVATION',
  /** WorkerState `handleReservationUpdated` (accepted, wrapup) and `handleTaskUpdated`: the Reservation. */
  updateReservation: 'WORKER_UPDATE_RESERVATION',
  /** WorkerState `handleReservationUpdated` (completed, rejected, timeout, canceled, rescinded). */
  deleteReservation: 'WORKER_DELETE_RESERVATION',
  /** ConferencesState `handleConferenceUpdateImpl`: `{ conferences: Set<Conference> }`, keyed by task SID. */
  conferenceMultipleUpdate: 'CONFERENCE_MULTIPLE_UPDATE',
  /** PhoneState `handleCallAccept`: the Voice SDK Call. */
  phoneAddCall: 'PHONE_ADD_CALL',
  /** PhoneState `handleCallDisconnect`: no payload. */
  phoneRemoveCall: 'PHONE_REMOVE_CALL',
  /** SessionState `ssoLogin`: a promise of `{ tokenPayload }` (redux-promise-middleware adds _FULFILLED). */
  login: 'FLEX_ACTION_LOGIN',
  /** SessionState `handleTokenUpdated`: `{ tokenPayload }`, before `FlexEvent.tokenUpdated` is emitted. */
  tokenUpdated: 'FLEX_ACTION_TOKEN_UPDATED',
} as const;
