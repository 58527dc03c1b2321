import type { SandboxClient } from '@dual-channel-recording/twilio-sandbox';
import type { AgentPage } from '@dual-channel-recording/flex-page/browser/agentPage';
import type { LocalProduct } from '@dual-channel-recording/flex-page/server/localProduct';
import type { AcceptedCall, CallOptions, OpenAgentOptions } from '../fixtures';
import { waitForTwilioQuiet } from '../harness/quiet';

/** What a call type needs from the test: the fixtures of one scenario. */
export interface MatrixWorld {
  readonly product: LocalProduct;
  readonly sandbox: SandboxClient;
  openAgent(options?: OpenAgentOptions): Promise<AgentPage>;
  settings(extra: Readonly<Record<string, unknown>>): Record<string, unknown>;
  call(options?: CallOptions): Promise<AcceptedCall>;
}

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
  /** The call ended before the subject accepted it: TaskRouter canceled the subject's reservation. */
  readonly endedBeforeAccept: boolean;
  /** The caller hangs up (the customer; for an internal call, the calling agent's call ends). */
  hangUp(): Promise<void>;
}

/** One column of the matrix. */
export interface CallType {
  readonly id: 'inbound' | 'outbound' | 'internal' | 'transfer';
  readonly label: string;
  /** False when the call is accepted by whoever places it (internal): no "before accept" step. */
  readonly hasAcceptStep: boolean;
  run(world: MatrixWorld, hooks: DriverHooks): Promise<CallRun>;
}

/** The only task in the sandbox (each cell starts from a reset sandbox). */
async function onlyTaskSid(world: MatrixWorld): Promise<string> {
  const tasks = await world.sandbox.tasks();
  if (tasks.length !== 1) throw new Error(`expected one task, found ${tasks.length}`);
  return tasks[0].sid;
}

/**
 * The customer hangs up (the page server's phone network): Flex ends the conference, every leg ends and
 * the agents go to wrap-up; before anyone accepted, TaskRouter cancels the task instead.
 */
function customerHangsUp(world: MatrixWorld, taskSid: string): () => Promise<void> {
  return async () => {
    await world.product.page.actions.customerHangup(taskSid);
    world.product.page.notifyPages();
  };
}

/** A live call leg matching `test`. */
async function legWhere(
  world: MatrixWorld,
  test: (call: { role: string; to: string; from: string }) => boolean,
): Promise<string | undefined> {
  return (await world.sandbox.calls()).find(test)?.sid;
}

const inbound: CallType = {
  id: 'inbound',
  label: 'inbound',
  hasAcceptStep: true,
  async run(world, hooks) {
    const alice = await world.openAgent({ settings: world.settings({ channel: 'customer' }) });
    await hooks.subjectPage(alice);
    await hooks.faultPoint();
    await alice.button('Incoming call').click();
    await alice.button('Accept').waitFor();
    const taskSid = await onlyTaskSid(world);
    const reservationSid = await alice.reservationSid();
    await hooks.taskExists(taskSid);
    const hangUp = customerHangsUp(world, taskSid);
    // Before accept only the caller can end the call: the reservation still rings.
    const endedBeforeAccept = await hooks.beforeAccept(hangUp);
    if (!endedBeforeAccept) await alice.accept();
    return {
      subject: {
        page: alice,
        taskSid,
        reservationSid,
        perReservation: false,
        leg: () => legWhere(world, (c) => c.role === 'customer'),
      },
      endedBeforeAccept,
      hangUp,
    };
  },
};

const outbound: CallType = {
  id: 'outbound',
  label: 'outbound (answered)',
  hasAcceptStep: true,
  async run(world, hooks) {
    const alice = await world.openAgent({ settings: world.settings({ channel: 'customer' }) });
    await hooks.subjectPage(alice);
    await hooks.faultPoint();
    await alice.button('Outbound call').click();
    // The reservation stays pending while the customer rings (Flex shows its connecting canvas).
    await alice.button('Customer answers').waitFor();
    const taskSid = await onlyTaskSid(world);
    await hooks.taskExists(taskSid);
    const reservationSid = await alice.reservationSid();
    // The customer's "accept" is answering; before it, the call can only end on the agent's side.
    const endedBeforeAccept = await hooks.beforeAccept(() => alice.hangUp());
    if (!endedBeforeAccept) await alice.button('Customer answers').click();
    return {
      subject: {
        page: alice,
        taskSid,
        reservationSid,
        perReservation: false,
        leg: () => legWhere(world, (c) => c.role === 'customer'),
      },
      endedBeforeAccept,
      hangUp: customerHangsUp(world, taskSid),
    };
  },
};

const internal: CallType = {
  id: 'internal',
  label: 'internal',
  hasAcceptStep: false,
  async run(world, hooks) {
    const alice = await world.openAgent({
      agent: 'alice',
      settings: world.settings({ channel: 'customer' }),
    });
    await hooks.subjectPage(alice);
    await hooks.faultPoint();
    await alice.page.getByLabel('Other agent').selectOption('bob');
    await alice.button('Call agent').click();
    await alice.page.locator('article[data-status="accepted"]').waitFor();
    const taskSid = await onlyTaskSid(world);
    // The plugin is already calling the Function; the cell's gate holds it until this returns.
    await hooks.taskExists(taskSid);
    const reservationSid = await alice.reservationSid();
    return {
      subject: {
        page: alice,
        taskSid,
        reservationSid,
        perReservation: false,
        leg: () => legWhere(world, (c) => c.role === 'worker' && c.to === 'client:alice'),
      },
      endedBeforeAccept: false,
      // The call ends on the calling side (its client leg and the callee's leg hanging off it).
      hangUp: async () => {
        await world.product.page.actions.agentHangup(reservationSid);
        world.product.page.notifyPages();
      },
    };
  },
};

const transfer: CallType = {
  id: 'transfer',
  label: 'transfer (worker channel)',
  hasAcceptStep: true,
  async run(world, hooks) {
    const settings = world.settings({ channel: 'worker' });
    const alice = await world.openAgent({ agent: 'alice', settings });
    const bob = await world.openAgent({ agent: 'bob', settings });
    await hooks.subjectPage(bob);
    // Alice's own leg is recorded before the fault: it must survive what happens to Bob's.
    const first = await world.call({ page: alice });
    await waitForTwilioQuiet(world.sandbox);
    const earlier = { reservationSid: first.reservationSid, recordingSid: first.recordingSid ?? '' };
    await hooks.faultPoint();

    await alice.page.getByLabel('Transfer to').selectOption('bob');
    await alice.button('Transfer').click();
    await bob.button('Accept').waitFor();
    const taskSid = await onlyTaskSid(world);
    const reservationSid = await bob.reservationSid();
    await hooks.taskExists(taskSid);
    const hangUp = customerHangsUp(world, taskSid);
    const endedBeforeAccept = await hooks.beforeAccept(hangUp);
    if (!endedBeforeAccept) await bob.accept();
    return {
      subject: {
        page: bob,
        taskSid,
        reservationSid,
        perReservation: true,
        leg: () => legWhere(world, (c) => c.role === 'worker' && c.to === 'client:bob'),
      },
      earlier,
      endedBeforeAccept,
      hangUp,
    };
  },
};

/** The columns. */
export const CALL_TYPES: readonly CallType[] = [inbound, outbound, internal, transfer];
