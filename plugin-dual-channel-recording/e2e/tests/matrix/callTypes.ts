import type { AgentPage } from '../../browser/agentPage';
import type { E2e } from '../harness/e2eSuite';
import { waitForTwilioQuiet } from '../harness/quiet';

/** The reservation whose plugin the cell judges. */
export interface Subject {
  readonly page: AgentPage;
  readonly taskSid: string;
  readonly reservationSid: string;
  /** Its media entry goes under `reservation_attributes[WR…]` (worker channel), not `conversations`. */
  readonly perReservation: boolean;
  /** The leg the plugin must record, once it exists. */
  leg(): Promise<string | undefined>;
}

/** A recording made before the fault was installed (a transfer's first agent), which must stay intact. */
export interface EarlierRecording {
  readonly reservationSid: string;
  readonly recordingSid: string;
}

/** Where a call type hands control to the cell. */
export interface DriverHooks {
  /** The page under test is open (the cell gates its create-recording calls). */
  subjectPage(page: AgentPage): Promise<void>;
  /** Earlier legs are recorded and quiet: the cell installs its fault rules. */
  faultPoint(): Promise<void>;
  /** The task under test exists and no Function is writing it (the concurrent writer's first write). */
  taskExists(taskSid: string): Promise<void>;
  /** Right before the accepting action; `hangUp` ends the call. Resolves true when the cell ended it. */
  beforeAccept(hangUp: () => Promise<void>): Promise<boolean>;
}

/** A call, driven up to the point where the subject's plugin takes over. */
export interface CallRun {
  readonly subject: Subject;
  readonly earlier?: EarlierRecording;
  /** The caller hangs up (the customer; for an internal call, the calling agent's call ends). */
  hangUp(): Promise<void>;
}

/** One column of the matrix. */
export interface CallType {
  readonly id: 'inbound' | 'outbound' | 'internal' | 'transfer';
  readonly label: string;
  /** False when the call is accepted by whoever places it (internal): no "before accept" step. */
  readonly hasAcceptStep: boolean;
  run(e2e: E2e, hooks: DriverHooks): Promise<CallRun>;
}

/** The only task in the sandbox (each cell starts from a reset sandbox). */
async function onlyTaskSid(e2e: E2e): Promise<string> {
  const tasks = await e2e.sandbox.tasks();
  if (tasks.length !== 1) throw new Error(`expected one task, found ${tasks.length}`);
  return tasks[0].sid;
}

/** The customer hangs up: Flex ends the conference, every leg ends, the agents go to wrap-up. */
function customerHangsUp(e2e: E2e, taskSid: string): () => Promise<void> {
  return async () => {
    await e2e.product.standIn.actions.customerHangup(taskSid);
    e2e.product.standIn.notifyPages();
  };
}

/** A live call leg matching `test`. */
async function legWhere(
  e2e: E2e,
  test: (call: { role: string; to: string; from: string }) => boolean,
): Promise<string | undefined> {
  return (await e2e.sandbox.calls()).find(test)?.sid;
}

const inbound: CallType = {
  id: 'inbound',
  label: 'inbound',
  hasAcceptStep: true,
  async run(e2e, hooks) {
    const alice = await e2e.openAgent({ settings: e2e.settings({ channel: 'customer' }) });
    await hooks.subjectPage(alice);
    await hooks.faultPoint();
    await alice.button('Incoming call').click();
    await alice.button('Accept').waitFor();
    const taskSid = await onlyTaskSid(e2e);
    await hooks.taskExists(taskSid);
    const leg = (): Promise<string | undefined> => legWhere(e2e, (c) => c.role === 'customer');
    // Before accept only the caller's own leg can end: the reservation still rings.
    await hooks.beforeAccept(async () => {
      await e2e.sandbox.hangup((await leg()) ?? '');
      e2e.product.standIn.notifyPages();
    });
    await alice.button('Accept').click();
    return {
      subject: {
        page: alice,
        taskSid,
        reservationSid: await alice.reservationSid(),
        perReservation: false,
        leg,
      },
      hangUp: customerHangsUp(e2e, taskSid),
    };
  },
};

const outbound: CallType = {
  id: 'outbound',
  label: 'outbound (answered)',
  hasAcceptStep: true,
  async run(e2e, hooks) {
    const alice = await e2e.openAgent({ settings: e2e.settings({ channel: 'customer' }) });
    await hooks.subjectPage(alice);
    await hooks.faultPoint();
    await alice.button('Outbound call').click();
    await alice.indicator().filter({ hasText: 'Recording starts when the call connects' }).waitFor();
    const taskSid = await onlyTaskSid(e2e);
    await hooks.taskExists(taskSid);
    const reservationSid = await alice.reservationSid();
    // The customer's "accept" is answering; before it, the call can only end on the agent's side.
    const ended = await hooks.beforeAccept(() => alice.button('Hang up').click());
    if (!ended) await alice.button('Customer answers').click();
    return {
      subject: {
        page: alice,
        taskSid,
        reservationSid,
        perReservation: false,
        leg: () => legWhere(e2e, (c) => c.role === 'customer'),
      },
      hangUp: customerHangsUp(e2e, taskSid),
    };
  },
};

const internal: CallType = {
  id: 'internal',
  label: 'internal',
  hasAcceptStep: false,
  async run(e2e, hooks) {
    const alice = await e2e.openAgent({ agent: 'alice', settings: e2e.settings({ channel: 'customer' }) });
    await hooks.subjectPage(alice);
    await hooks.faultPoint();
    await alice.page.getByLabel('Other agent').selectOption('bob');
    await alice.button('Call agent').click();
    await alice.button('Hang up').waitFor();
    const taskSid = await onlyTaskSid(e2e);
    // The plugin is already calling the Function; the cell's gate holds it until this returns.
    await hooks.taskExists(taskSid);
    const reservationSid = await alice.reservationSid();
    return {
      subject: {
        page: alice,
        taskSid,
        reservationSid,
        perReservation: false,
        leg: () => legWhere(e2e, (c) => c.role === 'worker' && c.to === 'client:alice'),
      },
      // The call ends on the calling side (its client leg and the callee's leg hanging off it).
      hangUp: async () => {
        await e2e.product.standIn.actions.agentHangup(reservationSid);
        e2e.product.standIn.notifyPages();
      },
    };
  },
};

const transfer: CallType = {
  id: 'transfer',
  label: 'transfer (worker channel)',
  hasAcceptStep: true,
  async run(e2e, hooks) {
    const settings = e2e.settings({ channel: 'worker' });
    const alice = await e2e.openAgent({ agent: 'alice', settings });
    const bob = await e2e.openAgent({ agent: 'bob', settings });
    await hooks.subjectPage(bob);
    // Alice's own leg is recorded before the fault: it must survive what happens to Bob's.
    await alice.button('Incoming call').click();
    await alice.button('Accept').click();
    await alice
      .indicator()
      .filter({ hasText: /^Recording$/ })
      .waitFor();
    await waitForTwilioQuiet(e2e.sandbox);
    const [aliceRecording] = await e2e.sandbox.recordings();
    const earlier = { reservationSid: await alice.reservationSid(), recordingSid: aliceRecording.sid };
    await hooks.faultPoint();

    await alice.page.getByLabel('Transfer to').selectOption('bob');
    await alice.button('Transfer').click();
    await bob.button('Accept').waitFor();
    const taskSid = await onlyTaskSid(e2e);
    await hooks.taskExists(taskSid);
    const hangUp = customerHangsUp(e2e, taskSid);
    await hooks.beforeAccept(hangUp);
    await bob.button('Accept').click();
    return {
      subject: {
        page: bob,
        taskSid,
        reservationSid: await bob.reservationSid(),
        perReservation: true,
        leg: () => legWhere(e2e, (c) => c.role === 'worker' && c.to === 'client:bob'),
      },
      earlier,
      hangUp,
    };
  },
};

/** The columns. */
export const CALL_TYPES: readonly CallType[] = [inbound, outbound, internal, transfer];
