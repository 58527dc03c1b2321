/**
 * The part of `@twilio/flex-ui` this stand-in implements, written in Flex's own types.
 *
 * Every shape here is a `Pick` of, or an indexed access into, Flex's d.ts: if Flex renames or
 * retypes something the plugin relies on, this file stops compiling instead of drifting. Where Flex's
 * type cannot be built outside Flex (its EventEmitter results, emotion's `styled` overloads, the
 * voice SDK's `Call`), the stand-in keeps Flex's parameters and narrows only what it returns.
 */
import type * as Flex from '@twilio/flex-ui';
import type { ComponentProps, ComponentType, ReactNode } from 'react';

type AppState = Flex.FlexState['flex'];
type FlexConference = NonNullable<Flex.ITask['conference']>;
type FlexParticipant = FlexConference['participants'][number];

/** A conference participant: the fields Flex's `ConferenceParticipant` exposes that a plugin reads. */
export type StandInParticipant = Pick<
  FlexParticipant,
  'participantType' | 'status' | 'callSid' | 'isCurrentWorker' | 'reservationSid' | 'workerSid' | 'onHold'
>;

/** A Flex `Conference` (`task.conference`, Redux `flex.conferences.states[taskSid].source`). */
export type StandInConference = Pick<FlexConference, 'sid' | 'conferenceSid' | 'status'> & {
  readonly participants: readonly StandInParticipant[];
};

/** A Flex `ITask` (keyed by reservation SID in `flex.worker.tasks`) without its SDK methods. */
export type StandInTask = Pick<
  Flex.ITask,
  | 'sid'
  | 'taskSid'
  | 'status'
  | 'taskStatus'
  | 'taskChannelUniqueName'
  | 'channelType'
  | 'queueName'
  | 'queueSid'
  | 'attributes'
  | 'workerSid'
  | 'dateCreated'
  | 'dateUpdated'
  | 'age'
  | 'priority'
  | 'timeout'
  | 'workflowName'
  | 'workflowSid'
> & { readonly conference?: StandInConference };

/** The slices of Flex's Redux state (`FlexState`) the stand-in keeps, with Flex's own types. */
export interface StandInState {
  readonly flex: {
    readonly session: {
      readonly ssoTokenPayload: Pick<
        AppState['session']['ssoTokenPayload'],
        'token' | 'identity' | 'roles' | 'expiration'
      >;
    };
    readonly worker: { readonly tasks: Map<string, StandInTask> } & Pick<AppState['worker'], 'attributes'>;
    readonly conferences: {
      readonly states: Map<string, { readonly source: StandInConference }>;
    };
    readonly phone: {
      /** The voice SDK `Call` of this browser, reduced to the `parameters` (CallSid, ...) plugins read. */
      readonly activeCall?: Pick<NonNullable<AppState['phone']['activeCall']>, 'parameters'>;
    };
    /** The agent desktop's selection: the reservation SID of the task on screen (none at start). */
    readonly view: Pick<AppState['view'], 'selectedTaskSid'>;
  };
}

/** Redux's store as Flex's `manager.store` exposes it, holding {@link StandInState}. */
export interface StandInStore extends Pick<Flex.Manager['store'], 'subscribe'> {
  getState(): StandInState;
}

/** The `DynamicContentStore` of a programmable component (`CallCanvas.Content`, `TaskCanvas.Content`). */
export type StandInContentStore = Pick<typeof Flex.CallCanvas.Content, 'add' | 'remove'> &
  Pick<typeof Flex.CallCanvasActions.Content, 'add' | 'remove'>;

/** Flex's `KeyboardShortcuts` map (not exported from the package root in 2.17). */
export type StandInShortcuts = Parameters<typeof Flex.KeyboardShortcutManager.addShortcuts>[0];

/** `Flex.KeyboardShortcutManager`, reduced to what plugins call. */
export type StandInShortcutManager = Pick<typeof Flex.KeyboardShortcutManager, 'addShortcuts'>;

/** `Flex.Manager` as the plugin sees it. */
export interface StandInManager {
  readonly store: StandInStore;
  /** Flex merges the service's `ui_attributes` into the configuration it hands plugins. */
  readonly configuration: Pick<Flex.Manager['configuration'], 'language'> & Record<string, unknown>;
  readonly serviceConfiguration: Pick<Flex.Manager['serviceConfiguration'], 'account_sid'> & {
    readonly ui_attributes: Record<string, unknown>;
  };
  readonly user: Pick<Flex.Manager['user'], 'identity' | 'token' | 'roles' | 'tokenExpirationDate'>;
  readonly localization: Pick<Flex.Manager['localization'], 'localeTag'>;
  readonly events: {
    addListener(...args: Parameters<Flex.Manager['events']['addListener']>): void;
    removeListener(...args: Parameters<Flex.Manager['events']['removeListener']>): void;
  };
  /** Flex's `Strings` is a record of Handlebars templates by id; plugins add theirs here. */
  strings: Record<string, string>;
}

/** The `window.Twilio.Flex` object the plugin bundle receives (its `typeof Flex`). */
export interface StandInFlex {
  readonly Manager: { getInstance(): StandInManager };
  readonly Plugins: { init(...args: Parameters<typeof Flex.Plugins.init>): void };
  readonly Actions: {
    addListener(...args: Parameters<typeof Flex.Actions.addListener>): void;
    removeListener(...args: Parameters<typeof Flex.Actions.removeListener>): void;
    invokeAction(...args: Parameters<typeof Flex.Actions.invokeAction>): Promise<unknown>;
    registerAction(...args: Parameters<typeof Flex.Actions.registerAction>): void;
  };
  readonly Notifications: Pick<
    typeof Flex.Notifications,
    'registerNotification' | 'showNotification' | 'dismissNotification'
  >;
  readonly NotificationType: {
    readonly [K in keyof typeof Flex.NotificationType]: `${(typeof Flex.NotificationType)[K]}`;
  };
  readonly CallCanvas: { readonly Content: StandInContentStore };
  /** The call controls row (hold, mute, hang up, ...) inside the call canvas. */
  readonly CallCanvasActions: { readonly Content: StandInContentStore };
  readonly KeyboardShortcutManager: StandInShortcutManager;
  readonly TaskCanvas: { readonly Content: StandInContentStore };
  /** `TaskHelper.isCallTask`: whether the task's channel definition has the Call capability. */
  readonly TaskHelper: { isCallTask(task: StandInTask): boolean };
  /** Compiled templates by string id: `templates[code](context)` (Flex types it `any`). */
  readonly templates: Readonly<Record<string, Flex.CompiledTemplate>>;
  readonly Template: ComponentType<ComponentProps<typeof Flex.Template>>;
  /** emotion's `styled(tag)(styleFn)` as plugins call it; emotion's overloads cannot be re-implemented. */
  readonly styled: (
    tag: 'div' | 'span' | 'button' | 'p',
  ) => (styles: (props: { readonly theme: unknown }) => StyleObject) => ComponentType<StyledProps>;
  readonly VERSION: typeof Flex.VERSION;
}

/** A CSS-in-JS style object: camelCase properties, and nested `&...` selectors. */
export interface StyleObject {
  readonly [property: string]: string | number | StyleObject;
}

/** Props of a styled element: any DOM attributes (including `data-*`) and children. */
export type StyledProps = Readonly<Record<string, unknown>> & { readonly children?: ReactNode };
