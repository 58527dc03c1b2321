import type { FlexSession, ReservationEvent, VoiceChannel } from '../../../driver';
import type { PageStateResponse, SandboxView } from '../sandboxView';
import type { TwilioRequests } from './pageSdk';
import type { PageReservation, PageVoiceCall } from './pageSdk';
import { SandboxMirror } from './sandboxMirror';

const ME = { workerSid: `WK${'1'.padStart(32, '0')}`, identity: 'alice' };
const BOB = `WK${'2'.padStart(32, '0')}`;
const TASK = `WT${'1'.padStart(32, '0')}`;
const RES = `WR${'1'.padStart(32, '0')}`;
const BOB_RES = `WR${'2'.padStart(32, '0')}`;
const CUSTOMER = `CA${'1'.padStart(32, '0')}`;
const MY_LEG = `CA${'2'.padStart(32, '0')}`;
const BOB_LEG = `CA${'3'.padStart(32, '0')}`;
const CONFERENCE = `CF${'1'.padStart(32, '0')}`;

/** What Twilio's edges were told, in order: reservation events, channel joins/leaves, Voice calls. */
type Step = string;

/** A session whose edges write down what they are told (the driver's Flex listeners are tested elsewhere). */
function fakeSession(steps: Step[]): FlexSession {
  let next = 0;
  const channels = new Map<string, VoiceChannel>();
  const record = (channel: VoiceChannel): void => {
    if (Reflect.get(channel, '__recorded')) return;
    Reflect.set(channel, '__recorded', true);
    channel.on('participantAdded', (p: { media_properties: { CallSid: string[] } }) =>
      steps.push(`join ${p.media_properties.CallSid[0]}`),
    );
    channel.on('participantRemoved', (p: { media_properties: { CallSid: string[] } }) =>
      steps.push(`leave ${p.media_properties.CallSid[0]}`),
    );
  };
  const worker = { sid: ME.workerSid, workspaceSid: 'WS1', reservations: new Map() };
  const session = {
    accountSid: 'AC1',
    worker,
    channels: {
      get: (sid: string) => channels.get(sid),
      delete: (sid: string) => channels.delete(sid),
      set: (sid: string, channel: VoiceChannel) => {
        record(channel);
        return channels.set(sid, channel);
      },
    },
    sid: (prefix: string) => `${prefix}${String((next += 1)).padStart(32, '0')}`,
    workerReady: () => steps.push(`WORKER_INIT ${[...worker.reservations.keys()].join(',')}`),
    taskRouter: {
      reservationCreated: (_w: unknown, r: PageReservation) => steps.push(`created ${r.sid}`),
      reservationEvent: (_w: unknown, r: PageReservation, event: ReservationEvent) =>
        steps.push(`${event} ${r.sid}`),
      taskUpdated: (r: PageReservation) => steps.push(`updated ${r.sid}`),
    },
    phone: { incoming: (call: PageVoiceCall) => steps.push(`ring ${call.parameters.CallSid}`) },
  };
  return session as unknown as FlexSession;
}

const requests: TwilioRequests = {
  accept: () => Promise.resolve(),
  complete: () => Promise.resolve(),
  transfer: () => Promise.resolve(),
  hangUp: () => Promise.resolve(),
};

/** A sandbox with one task, its conference and the given reservations and legs. */
function world(options: {
  attributes?: Record<string, unknown>;
  reservations: Array<[string, string, string]>;
  legs: Array<[string, 'customer' | 'worker', string, string]>;
  etag?: string;
  taskStatus?: string;
}): PageStateResponse {
  const sandbox: SandboxView = {
    workers: [
      { sid: ME.workerSid, identity: 'alice' },
      { sid: BOB, identity: 'bob' },
    ],
    calls: options.legs.map(([sid, role, to, status]) => ({
      sid,
      from: '+15005550006',
      to,
      direction: 'inbound',
      role,
      status,
      conferenceSids: [CONFERENCE],
    })),
    recordings: [],
    tasks: [
      {
        sid: TASK,
        attributes: options.attributes ?? { direction: 'inbound' },
        assignmentStatus: options.taskStatus ?? 'assigned',
        etag: options.etag ?? '1',
      },
    ],
    reservations: options.reservations.map(([sid, workerSid, status]) => ({
      sid,
      taskSid: TASK,
      workerSid,
      status,
    })),
    conferences: [
      {
        sid: CONFERENCE,
        friendlyName: TASK,
        status: 'in-progress',
        participants: options.legs.map(([callSid, role, , status]) => ({
          callSid,
          role,
          status: status === 'in-progress' ? 'connected' : 'completed',
        })),
      },
    ],
  };
  return { sandbox, queues: {} };
}

const ringing = (): PageStateResponse =>
  world({
    reservations: [[RES, ME.workerSid, 'pending']],
    // The sandbox puts the agent's leg in the conference with the reservation; Twilio adds it on accept.
    legs: [
      [CUSTOMER, 'customer', '+15005550006', 'in-progress'],
      [MY_LEG, 'worker', 'client:alice', 'in-progress'],
    ],
  });
const accepted = (etag = '1'): PageStateResponse =>
  world({
    reservations: [[RES, ME.workerSid, 'accepted']],
    legs: [
      [CUSTOMER, 'customer', '+15005550006', 'in-progress'],
      [MY_LEG, 'worker', 'client:alice', 'in-progress'],
    ],
    etag,
  });

/** A mirror on a fake session that has loaded an empty sandbox. */
function start(): { mirror: SandboxMirror; steps: Step[] } {
  const steps: Step[] = [];
  const mirror = new SandboxMirror({ session: fakeSession(steps), me: ME, requests });
  mirror.load(world({ reservations: [], legs: [] }));
  steps.length = 0;
  return { mirror, steps };
}

describe('SandboxMirror: sandbox changes reach Flex as Twilio sends them', () => {
  it('a ringing inbound call: the reservation is created with the customer in the conference, not the agent', () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    expect(steps).toEqual([`created ${RES}`, `join ${CUSTOMER}`]);
  });

  it("accepted in this tab: the Voice call rings first, the agent's leg joins, then the reservation's accepted", () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    mirror.acceptingHere(RES);
    steps.length = 0;
    mirror.apply(accepted());
    expect(steps).toEqual([`ring ${MY_LEG}`, `join ${MY_LEG}`, `accepted ${RES}`]);
  });

  it('accepted in another tab of the same agent: no Voice call here, the rest the same', () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    steps.length = 0;
    mirror.apply(accepted());
    expect(steps).toEqual([`join ${MY_LEG}`, `accepted ${RES}`]);
  });

  it('the caller hangs up while it rings: the reservation is canceled and never accepted', () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    steps.length = 0;
    mirror.apply(
      world({
        reservations: [[RES, ME.workerSid, 'canceled']],
        legs: [
          [CUSTOMER, 'customer', '+15005550006', 'completed'],
          [MY_LEG, 'worker', 'client:alice', 'completed'],
        ],
        taskStatus: 'canceled',
      }),
    );
    expect(steps).toEqual([`leave ${CUSTOMER}`, `canceled ${RES}`]);
  });

  it('the customer hangs up on an accepted call: customer leaves, the agent leaves, then wrap-up', () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    mirror.apply(accepted());
    steps.length = 0;
    mirror.apply(
      world({
        reservations: [[RES, ME.workerSid, 'wrapping']],
        legs: [
          [CUSTOMER, 'customer', '+15005550006', 'completed'],
          [MY_LEG, 'worker', 'client:alice', 'completed'],
        ],
        taskStatus: 'wrapping',
      }),
    );
    expect(steps).toEqual([`leave ${CUSTOMER}`, `leave ${MY_LEG}`, `wrapup ${RES}`]);
  });

  it('an outbound call this tab places rings here at once and its agent leg is in while the customer rings', () => {
    const { mirror, steps } = start();
    mirror.placingHere('outbound');
    mirror.apply(
      world({
        attributes: { direction: 'outbound', to: '+15558675310' },
        reservations: [[RES, ME.workerSid, 'pending']],
        legs: [[MY_LEG, 'worker', 'client:alice', 'in-progress']],
      }),
    );
    expect(steps).toEqual([`created ${RES}`, `ring ${MY_LEG}`, `join ${MY_LEG}`]);
  });

  it("a transfer's target leg joins this agent's conference only once the target accepted", () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    mirror.apply(accepted());
    steps.length = 0;
    const legs: Array<[string, 'customer' | 'worker', string, string]> = [
      [CUSTOMER, 'customer', '+15005550006', 'in-progress'],
      [MY_LEG, 'worker', 'client:alice', 'in-progress'],
      [BOB_LEG, 'worker', 'client:bob', 'in-progress'],
    ];
    mirror.apply(
      world({
        reservations: [
          [RES, ME.workerSid, 'accepted'],
          [BOB_RES, BOB, 'pending'],
        ],
        legs,
      }),
    );
    expect(steps).toEqual([]);
    mirror.apply(
      world({
        reservations: [
          [RES, ME.workerSid, 'accepted'],
          [BOB_RES, BOB, 'accepted'],
        ],
        legs,
      }),
    );
    expect(steps).toEqual([`join ${BOB_LEG}`]);
  });

  it("a new ETag is TaskRouter's task update (the Functions wrote the attributes)", () => {
    const { mirror, steps } = start();
    mirror.apply(ringing());
    mirror.apply(accepted('1'));
    steps.length = 0;
    mirror.apply(accepted('1'));
    expect(steps).toEqual([]);
    mirror.apply(accepted('2'));
    expect(steps).toEqual([`updated ${RES}`]);
  });

  it('a page loaded mid-call finds the accepted reservation in WORKER_INIT, its conference already joined', () => {
    const steps: Step[] = [];
    const mirror = new SandboxMirror({ session: fakeSession(steps), me: ME, requests });
    mirror.load(accepted());
    expect(steps).toEqual([`join ${CUSTOMER}`, `join ${MY_LEG}`, `WORKER_INIT ${RES}`]);
  });
});
