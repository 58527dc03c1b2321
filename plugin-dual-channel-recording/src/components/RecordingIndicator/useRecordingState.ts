import { useEffect, useState } from 'react';

import type { RecordingState, RecordingStore } from '../../recording/recordingStore';

/** The recording state of one reservation, re-rendering on every change to it. */
export function useRecordingState(
  store: RecordingStore,
  reservationSid: string | undefined,
): RecordingState | undefined {
  const [state, setState] = useState(() => (reservationSid ? store.get(reservationSid) : undefined));
  useEffect(() => {
    if (!reservationSid) {
      setState(undefined);
      return undefined;
    }
    setState(store.get(reservationSid));
    return store.subscribe((changed) => {
      if (changed === reservationSid) setState(store.get(reservationSid));
    });
  }, [store, reservationSid]);
  return state;
}
