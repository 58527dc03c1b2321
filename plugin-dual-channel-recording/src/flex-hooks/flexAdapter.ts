import type * as Flex from '@twilio/flex-ui';

import type {
  CallSnapshot,
  CallTaskTest,
  ConferenceLike,
  ParticipantLike,
  TaskLike,
} from '../recording/types';

/*
 * The boundary between Flex and the pure recording logic. These assignments are compile-time proof
 * that Flex 2.x's own types fit the structural types in src/recording/types.ts.
 */

/** Flex's task seen through TaskLike. */
export const toTaskLike = (task: Flex.ITask): TaskLike => task;

const _participantFits = (p: Flex.ConferenceParticipant): ParticipantLike => p;
const _conferenceFits = (c: NonNullable<Flex.ITask['conference']>): ConferenceLike => c;
void _participantFits;
void _conferenceFits;

/**
 * Reads what the leg selector needs from the Flex Redux state: the reservation as it is now
 * (`flex.worker.tasks`, keyed by reservation SID), Redux's copy of its conference
 * (`flex.conferences.states`, keyed by task SID) and the browser's active call. Flex 2.17's typedoc says
 * the map is keyed by conference SID, but Flex and the public Flex plugins read it by task SID.
 */
export function callSnapshot(state: Flex.FlexState, task: TaskLike): CallSnapshot {
  const { flex } = state;
  const current = flex.worker.tasks.get(task.sid);
  return {
    task: current ? toTaskLike(current) : undefined,
    storeConference: flex.conferences.states.get(task.taskSid)?.source,
    activeCallSid: flex.phone.activeCall?.parameters?.CallSid || undefined,
    callsInBrowser: takesCallsInBrowser(flex.worker.attributes),
  };
}

/**
 * Flex's test for a worker who takes calls in this browser (Flex 2.17.1 checks `contact_uri` against
 * `/^client:/` before it expects a Voice SDK call): the alternative is a phone number (Flex's "Phone").
 */
function takesCallsInBrowser(attributes: unknown): boolean {
  const contactUri: unknown =
    typeof attributes === 'object' && attributes !== null
      ? Reflect.get(attributes, 'contact_uri')
      : undefined;
  return typeof contactUri === 'string' && contactUri.startsWith('client:');
}

/**
 * Flex's own call test, `TaskHelper.isCallTask`: the task channel definition (`TaskChannels.getForTask`)
 * has the Call capability. In Flex 2.17, callback and voicemail tasks (flex-project-template) sit on
 * the `voice` TaskRouter channel but are not calls; a channel made with `createCallTaskChannel` is.
 */
export function flexCallTaskTest(flex: typeof Flex): CallTaskTest {
  // Every TaskLike the plugin holds came from Flex through toTaskLike, which only narrows the type.
  return (task) => flex.TaskHelper.isCallTask(task as Flex.ITask);
}

/** This worker's reservations (`flex.worker.tasks`, keyed by reservation SID) as TaskLike. */
export function* workerTasks(state: Flex.FlexState): Iterable<TaskLike> {
  for (const task of state.flex.worker.tasks.values()) yield toTaskLike(task);
}

/** The task SID (WT...) of one of this worker's reservations, while Flex still has it. */
export function taskSidOf(manager: Flex.Manager, reservationSid: string): string | undefined {
  return manager.store.getState().flex.worker.tasks.get(reservationSid)?.taskSid;
}

/** The reservation selected in the agent desktop (`flex.view.selectedTaskSid`), if any. */
export function selectedReservationSid(manager: Flex.Manager): string | undefined {
  // Optional chaining on view: Flex stand-ins (and states before the view reducer ran) may lack it.
  const view = manager.store.getState().flex.view as Partial<Flex.FlexState['flex']['view']> | undefined;
  return view?.selectedTaskSid || undefined;
}

/**
 * The worker's Flex token for our Functions, or undefined when the session has none: the session's SSO
 * payload, where Flex keeps the refreshed token. Not `manager.user`: in Flex 2.17 it is a getter over the
 * same payload that throws when there is none (it reads `ssoTokenPayload.permissions`).
 */
export function currentToken(manager: Flex.Manager): string | undefined {
  return manager.store.getState().flex.session.ssoTokenPayload?.token || undefined;
}

/**
 * Our raw settings. Flex 2.17 spreads the Flex Configuration API's `ui_attributes` into
 * `manager.configuration` and deep-merges the local `appConfig` over them (`Manager.updateConfig`), so
 * `configuration[key]` already holds both, local keys winning. A nested `configuration.ui_attributes`
 * (a host that keeps it there) and the service's raw `serviceConfiguration.ui_attributes` come after.
 */
export function rawRecordingSettings(manager: Flex.Manager, key: string): unknown {
  const read = (source: unknown, name = key): unknown =>
    typeof source === 'object' && source !== null ? (Reflect.get(source, name) as unknown) : undefined;
  const { configuration } = manager;
  let service: unknown;
  try {
    service = manager.serviceConfiguration?.ui_attributes;
  } catch {
    // serviceConfiguration throws before Flex has loaded it; the other places still count.
    service = undefined;
  }
  return read(configuration) ?? read(read(configuration, 'ui_attributes')) ?? read(service);
}
