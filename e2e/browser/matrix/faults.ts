import type { GatewayFault } from '@dual-channel-recording/local-stack/gateway';
import type { FaultRule } from '@dual-channel-recording/twilio-sandbox';

/** When, relative to the plugin's work, the caller hangs up. */
export type HangupStep = 'before-accept' | 'after-accept' | 'during-function' | 'after-recording-started';

/** One row of the matrix: Twilio misbehaving in one way (sandbox fault rules) and its timing. */
export interface Fault {
  readonly id: string;
  /** The row's name in the table. */
  readonly label: string;
  /** Fault rules installed when the call under test starts (after a transfer's first leg). */
  readonly rules: readonly FaultRule[];
  /** Twilio's REST concurrency limit (requests in flight) from that point on; the cell's reset restores it. */
  readonly twilioConcurrency?: number;
  /** Faults of the Functions gateway for the next invocations (the page's create-recording attempts). */
  readonly gateway?: GatewayFault;
  /** The caller hangs up at this step. */
  readonly hangup?: HangupStep;
  /** A concurrent writer changes the task attributes while the Function works on them (its If-Match then fails with 412). */
  readonly concurrentWriter?: boolean;
  /** The only acceptable outcome, when the fault leaves no choice (absent: recorded or a named reason). */
  readonly expect?: 'recorded' | 'named_reason' | 'not_accepted';
  /** The reason the indicator must name when the call is not recorded. */
  readonly reason?: RegExp;
}

/** A hang-up is the caller's doing: the agent is told the call ended, never that recording failed. */
const CALL_ENDED_FIRST = /^Not recorded: the call ended first$/;

/** Twilio's create-recording endpoint. */
const CREATE: Pick<FaultRule, 'api' | 'method' | 'path'> = {
  api: 'api',
  method: 'POST',
  path: '/Calls/CA\\w+/Recordings\\.json$',
};

/** TaskRouter's task update (the Function's If-Match write). */
const TASK_WRITE: Pick<FaultRule, 'api' | 'method' | 'path'> = {
  api: 'taskrouter',
  method: 'POST',
  path: '/Tasks/WT\\w+$',
};

/**
 * The rows. Rates apply to every Twilio request the Functions make (token validation, reads, the
 * create, the task write, the status callback's writes); bursts hit the next N of them. Latency is
 * kept to where it matters: the create (slow, within the budget) and the task write (past the
 * Function's 7 s deadline once, so the Function answers 503 and the plugin retries).
 */
export const FAULTS: readonly Fault[] = [
  { id: 'none', label: 'no fault (control)', rules: [], expect: 'recorded' },
  { id: '429-rate', label: '429 on 20 % of requests', rules: [{ status: 429, rate: 0.2 }] },
  { id: '503-rate', label: '503 on 20 % of requests', rules: [{ status: 503, rate: 0.2 }] },
  {
    id: '429-burst',
    label: '429 burst (next 4 requests)',
    rules: [{ status: 429, times: 4 }],
    expect: 'recorded',
  },
  {
    id: '503-burst',
    label: '503 burst (next 4 requests)',
    rules: [{ status: 503, times: 4 }],
    expect: 'recorded',
  },
  { id: 'reset', label: 'connection resets (20 %)', rules: [{ drop: true, rate: 0.2 }] },
  {
    id: '412-writer',
    label: '412: concurrent attribute writer',
    // A slow create opens the window between the Function's read of the task and its write.
    rules: [{ ...CREATE, latencyMs: 1500, times: 1 }],
    concurrentWriter: true,
    expect: 'recorded',
  },
  {
    id: 'latency',
    label: '2 s latency on the create',
    rules: [{ ...CREATE, latencyMs: 2000 }],
    expect: 'recorded',
  },
  {
    id: 'deadline',
    label: 'Function deadline (task write stalls 8 s)',
    rules: [{ ...TASK_WRITE, latencyMs: 8000, times: 1 }],
    expect: 'recorded',
  },
  {
    id: '21220',
    label: 'Twilio answers 21220 to the create',
    rules: [
      { ...CREATE, status: 400, code: 21220, message: 'Call is not in-progress. Cannot create recording.' },
    ],
    expect: 'named_reason',
    reason: CALL_ENDED_FIRST,
  },
  {
    id: 'gateway-429',
    label: 'gateway 429: 30 invocations in flight (next 3 attempts)',
    // Twilio's gateway answers before any Function runs; the plugin retries soon (src/services/retry.ts).
    rules: [],
    gateway: { refuseNext: 3, route: '/create-recording' },
    expect: 'recorded',
  },
  {
    id: 'gateway-504',
    label: 'gateway 504: the invocation is cut while its create is in flight (the 10 s cut, at 1 s)',
    // The cut Function runs on in twilio-run (on Twilio it is killed): its create lands after the
    // plugin's retry made its own, and one of the two is stopped; or the retry adopts it.
    rules: [{ ...CREATE, latencyMs: 2000, times: 1 }],
    gateway: { cutNext: 1, cutAfterMs: 1000, route: '/create-recording' },
    expect: 'recorded',
  },
  {
    id: 'rest-concurrency',
    label: 'REST 429: 2 requests in flight per account (200 ms each)',
    // The Function's six parallel reads meet the account's limit; it retries them in the Function.
    // The latency keeps each request in flight long enough for the reads to overlap.
    rules: [{ latencyMs: 200 }],
    twilioConcurrency: 2,
    expect: 'recorded',
  },
  {
    // TaskRouter cancels the reservation: Flex never emits taskAccepted, so the plugin has nothing to do.
    id: 'hangup-before-accept',
    label: 'caller hangs up before accept',
    rules: [],
    hangup: 'before-accept',
    expect: 'not_accepted',
  },
  {
    id: 'hangup-after-accept',
    label: 'caller hangs up after accept, before the Function call',
    rules: [],
    hangup: 'after-accept',
    expect: 'named_reason',
    reason: CALL_ENDED_FIRST,
  },
  {
    id: 'hangup-during-function',
    label: 'caller hangs up during the Function (2 s create latency)',
    rules: [{ ...CREATE, latencyMs: 2000, times: 1 }],
    hangup: 'during-function',
    reason: CALL_ENDED_FIRST,
  },
  {
    id: 'hangup-after-start',
    label: 'caller hangs up after the recording started',
    rules: [],
    hangup: 'after-recording-started',
    expect: 'recorded',
  },
];
