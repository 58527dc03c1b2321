import type * as FlexUiModule from '@twilio/flex-ui';

/**
 * The Flex UI module the driver works on: `@twilio/flex-ui` as installed (jest), or the same module bundled
 * for a browser page. Passed in rather than imported, so one page or one test file can hold its own copy.
 */
export type FlexUi = typeof FlexUiModule;

/** A Redux action as Flex's listeners dispatch it. */
export interface FlexAction {
  readonly type: string;
  readonly payload?: unknown;
}

/** The store the driver dispatches into: Flex's own store (see {@link createFlexStore}). */
export interface DriverStore {
  getState(): FlexUiModule.FlexState;
  dispatch(action: FlexAction): unknown;
  subscribe(listener: () => void): () => void;
}
