import { api } from './api.js';
import type { FlexStandIn } from './flex.js';
import type { TaskSync } from './taskSync.js';

/** The reservation SID an action payload names (`{ sid }` or `{ task: { sid } }`, as in Flex). */
function reservationOf(payload: Readonly<Record<string, unknown>>): string {
  const { sid, task } = payload;
  if (typeof sid === 'string') return sid;
  if (typeof task === 'object' && task !== null && 'sid' in task && typeof task.sid === 'string')
    return task.sid;
  throw new Error('[flex-stand-in] the action payload names no reservation (sid or task.sid)');
}

/** The task SID of the reservation an action payload names. */
function taskSidOf(standIn: FlexStandIn, reservationSid: string): string {
  const task = standIn.store.getState().flex.worker.tasks.get(reservationSid);
  if (!task) throw new Error(`[flex-stand-in] no task for reservation ${reservationSid}`);
  return task.taskSid;
}

/**
 * Registers the Flex actions the stand-in's buttons invoke, so plugins' `before…`/`after…` listeners
 * run as in Flex. Each one changes the sandbox through the stand-in server, then re-reads it.
 */
export function registerFlexActions(standIn: FlexStandIn, sync: TaskSync): void {
  const { Actions } = standIn.flex;
  Actions.registerAction('AcceptTask', async (payload: Readonly<Record<string, unknown>>) => {
    const sid = reservationOf(payload);
    // Before the accept: the refresh that sees it accepted also gives this tab the active call.
    sync.markAcceptedHere(sid);
    await api.accept(sid);
    await sync.refresh();
  });
  Actions.registerAction('HangupCall', async (payload: Readonly<Record<string, unknown>>) => {
    await api.hangup(reservationOf(payload));
    await sync.refresh();
  });
  Actions.registerAction('CompleteTask', async (payload: Readonly<Record<string, unknown>>) => {
    await api.complete(reservationOf(payload));
    await sync.refresh();
  });
  Actions.registerAction('TransferTask', async (payload: Readonly<Record<string, unknown>>) => {
    // The stand-in names agents by identity; Flex's targetSid would be a worker or queue SID.
    const { targetSid } = payload;
    if (typeof targetSid !== 'string') throw new Error('[flex-stand-in] TransferTask needs targetSid');
    await api.transfer(taskSidOf(standIn, reservationOf(payload)), targetSid);
    await sync.refresh();
  });
}
