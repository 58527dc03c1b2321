import type { BurstFigure } from './runBurst';

/**
 * How twilio-run served a burst's Functions: `fork` when it forked a process per request (the mode
 * main.ts names `twilio-run, …`), else `in-process`.
 */
export const twilioRunMode = (burst: Pick<BurstFigure, 'mode'>): 'fork' | 'in-process' =>
  burst.mode.startsWith('twilio-run,') ? 'fork' : 'in-process';
