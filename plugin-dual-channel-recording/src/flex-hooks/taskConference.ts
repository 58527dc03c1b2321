import type * as Flex from '@twilio/flex-ui';

import { conferenceSidOf } from '../recording/legs';
import type { ConferenceLike } from '../recording/types';

/**
 * The conference SID of one of this worker's reservations as Flex knows it (the task's conference, or
 * Redux's copy), sent with pause/resume so the Function reads the participant in its first round.
 */
export function conferenceSidOfReservation(
  manager: Flex.Manager,
  reservationSid: string,
): string | undefined {
  const { flex } = manager.store.getState();
  const task = flex.worker.tasks.get(reservationSid);
  if (!task) return undefined;
  const copies: ConferenceLike[] = [
    task.conference,
    flex.conferences.states.get(task.taskSid)?.source,
  ].filter((c): c is NonNullable<typeof c> => c !== undefined && c !== null);
  return conferenceSidOf(copies);
}
