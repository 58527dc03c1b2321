import type * as Flex from '@twilio/flex-ui';

import type { FlexSession } from '../../../driver';
import type { PageReservation, PageTask } from './pageSdk';
import type { SandboxMirror } from './sandboxMirror';

/** What these actions receive once Flex's payload updaters ran (`task` found from `sid`). */
interface TaskPayload {
  readonly task?: Flex.ITask;
  readonly sid?: string;
  readonly targetSid?: string;
}

/** The reservation an action acts on (the SDK object Flex's task wraps), or a named error. */
function reservationOf(session: FlexSession, payload: TaskPayload, action: string): PageReservation {
  const task = payload.task ?? session.store.getState().flex.worker.tasks.get(payload.sid ?? '');
  const reservation = task?.sourceObject as PageReservation | undefined;
  if (!reservation) throw new Error(`[flex page] ${action}: no task for ${payload.sid ?? 'the payload'}`);
  return reservation;
}

/**
 * Flex's AcceptTask, CompleteTask and TransferTask end in the TaskRouter SDK clients Flex creates when it
 * connects to Twilio (`FlexModule.workerClient` for AcceptTask's stuck-call check, the CBM client for
 * CompleteTask and transfers), which this page has not. Their implementations are replaced
 * (`Actions.replaceAction`, as a plugin would) by the TaskRouter request each one makes, so every
 * `before…` / `after…` listener still runs in Flex's real Actions framework and the request reaches the
 * sandbox. Everything else (SelectTask, HangupCall, …) is Flex's own.
 */
export function replaceTwilioActions(session: FlexSession, mirror: SandboxMirror): void {
  const { flex } = session;
  flex.Actions.replaceAction('AcceptTask', async (payload: TaskPayload) => {
    const reservation = reservationOf(session, payload, 'AcceptTask');
    if (reservation.status !== 'pending') throw new Error(`[flex page] ${reservation.sid} is not pending`);
    // TaskRouter's conference instruction dials the agent's client: this tab's Voice SDK takes it.
    mirror.acceptingHere(reservation.sid);
    await reservation.conference();
  });
  flex.Actions.replaceAction('CompleteTask', async (payload: TaskPayload) => {
    await reservationOf(session, payload, 'CompleteTask').complete();
  });
  flex.Actions.replaceAction('TransferTask', async (payload: TaskPayload) => {
    const { targetSid } = payload;
    if (typeof targetSid !== 'string') throw new Error('[flex page] TransferTask needs targetSid');
    await (reservationOf(session, payload, 'TransferTask').task as PageTask).transfer(targetSid);
  });
}
