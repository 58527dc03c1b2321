import { aTask, conference, customer, me, otherWorker, snapshot } from '../test/builders';
import { classifyCall, customerCallSidHint, selectLeg, selectRejoinedLeg } from './legs';

describe('classifyCall', () => {
  it.each([
    [{ direction: 'inbound' }, 'inbound'],
    [{}, 'inbound'],
    [{ direction: 'outbound' }, 'outbound'],
    [{ client_call: true, direction: 'outbound' }, 'internal-outbound'],
    [{ client_call: 'true', direction: 'outbound' }, 'internal-outbound'],
    [{ client_call: true, direction: 'inbound' }, 'internal-inbound'],
    [{ client_call: true }, 'internal-inbound'],
  ])('classifies attributes %j as %s', (attributes, kind) => {
    expect(classifyCall({ attributes })).toBe(kind);
  });
});

describe('selectLeg: inbound and outbound conference calls', () => {
  it.each(['customer', 'worker'] as const)('%s channel: waits while nobody has joined', (channel) => {
    expect(selectLeg(snapshot(undefined), channel, 'inbound')).toBeUndefined();
    expect(selectLeg(snapshot([]), channel, 'inbound')).toBeUndefined();
  });

  it('customer channel records the customer leg once the customer and this worker have joined', () => {
    expect(selectLeg(snapshot([customer(), me()]), 'customer', 'inbound')).toEqual({
      kind: 'leg',
      callSid: 'CAcustomer',
    });
  });

  it("worker channel records this worker's leg, not another worker's", () => {
    expect(selectLeg(snapshot([otherWorker(), customer(), me()]), 'worker', 'inbound')).toEqual({
      kind: 'leg',
      callSid: 'CAme',
    });
  });

  it.each([
    ['customer first', [customer()], [customer(), me()]],
    ['worker first', [me()], [me(), customer()]],
  ])('participants arriving %s: waits for the second, then picks the same leg', (_order, first, both) => {
    for (const channel of ['customer', 'worker'] as const) {
      expect(selectLeg(snapshot(first), channel, 'inbound')).toBeUndefined();
      expect(selectLeg(snapshot(both), channel, 'inbound')).toEqual({
        kind: 'leg',
        callSid: channel === 'customer' ? 'CAcustomer' : 'CAme',
      });
    }
  });

  it.each(['customer', 'worker'] as const)(
    "%s channel: sends the task's conference SID with the leg when Flex knows a well-formed one",
    (channel) => {
      const cf = `CF${'0'.repeat(31)}7`;
      const known = { ...conference([customer(), me()]), conferenceSid: cf };
      expect(selectLeg({ ...snapshot([]), task: aTask({ conference: known }) }, channel, 'inbound')).toEqual({
        kind: 'leg',
        callSid: channel === 'customer' ? 'CAcustomer' : 'CAme',
        conferenceSid: cf,
      });
      const garbled = { ...known, conferenceSid: 'not-a-sid' };
      expect(
        selectLeg({ ...snapshot([]), task: aTask({ conference: garbled }) }, channel, 'inbound'),
      ).toEqual({
        kind: 'leg',
        callSid: channel === 'customer' ? 'CAcustomer' : 'CAme',
      });
    },
  );

  it('missing callSid on the task conference falls back to Redux flex.conferences', () => {
    const taskCopy = [customer({ callSid: undefined }), me({ callSid: undefined })];
    expect(selectLeg(snapshot(taskCopy), 'customer', 'inbound')).toBeUndefined();
    expect(selectLeg(snapshot(taskCopy), 'worker', 'inbound')).toBeUndefined();
    const redux = { storeParticipants: [customer(), me()] };
    expect(selectLeg(snapshot(taskCopy, redux), 'customer', 'inbound')).toEqual({
      kind: 'leg',
      callSid: 'CAcustomer',
    });
    expect(selectLeg(snapshot(taskCopy, redux), 'worker', 'inbound')).toEqual({
      kind: 'leg',
      callSid: 'CAme',
    });
  });

  it('uses Redux when the task has no conference at all (Flex outbound tasks lack it)', () => {
    const s = snapshot(undefined, { storeParticipants: [me(), customer()] });
    expect(selectLeg(s, 'customer', 'outbound')).toEqual({ kind: 'leg', callSid: 'CAcustomer' });
  });

  it('several legs of this worker (two tabs, Join call): only a joined one counts', () => {
    const legs = [
      me({ callSid: 'CAoldTab', status: 'left' }),
      customer(),
      me({ callSid: 'CAnewTab', reservationSid: undefined }),
    ];
    expect(selectLeg(snapshot(legs), 'worker', 'inbound')).toEqual({ kind: 'leg', callSid: 'CAnewTab' });
  });

  it('several joined legs of this worker: prefers this reservation, then the active call', () => {
    const byReservation = [me({ callSid: 'CAa', reservationSid: 'WR9' }), me({ callSid: 'CAb' }), customer()];
    expect(selectLeg(snapshot(byReservation), 'worker', 'inbound')).toEqual({ kind: 'leg', callSid: 'CAb' });
    const byActiveCall = [
      me({ callSid: 'CAa', reservationSid: undefined }),
      me({ callSid: 'CAb', reservationSid: undefined }),
      customer(),
    ];
    expect(selectLeg(snapshot(byActiveCall, { activeCallSid: 'CAb' }), 'worker', 'inbound')).toEqual({
      kind: 'leg',
      callSid: 'CAb',
    });
  });

  it('waits while this worker has only left legs', () => {
    expect(selectLeg(snapshot([customer(), me({ status: 'left' })]), 'customer', 'inbound')).toBeUndefined();
  });

  it('outbound: waits while only the worker is in the conference (the customer has not answered)', () => {
    expect(selectLeg(snapshot([me()]), 'customer', 'outbound')).toBeUndefined();
    expect(selectLeg(snapshot([me()]), 'worker', 'outbound')).toBeUndefined();
    expect(selectLeg(snapshot([me(), customer()]), 'worker', 'outbound')).toEqual({
      kind: 'leg',
      callSid: 'CAme',
    });
  });

  it.each(['wrapping', 'completed', 'canceled', 'rescinded'])(
    'reports ended when the reservation is %s',
    (status) => {
      expect(selectLeg(snapshot([me()], { task: { status } }), 'customer', 'outbound')).toEqual({
        kind: 'ended',
      });
    },
  );

  it('reports ended when the reservation is gone from the store', () => {
    expect(selectLeg(snapshot(undefined, { task: null }), 'customer', 'inbound')).toEqual({ kind: 'ended' });
  });

  it('reports ended when the customer left before we could record, or the conference closed', () => {
    expect(selectLeg(snapshot([me(), customer({ status: 'left' })]), 'customer', 'inbound')).toEqual({
      kind: 'ended',
    });
    const closed = { ...snapshot([me()]), task: aTask({ conference: conference([me()], 'closed') }) };
    expect(selectLeg(closed, 'worker', 'outbound')).toEqual({ kind: 'ended' });
  });

  it('a failed conference is over too, even with both legs listed', () => {
    const failed = {
      ...snapshot([me(), customer()]),
      task: aTask({ conference: conference([me(), customer()], 'failed') }),
    };
    expect(selectLeg(failed, 'customer', 'inbound')).toEqual({ kind: 'ended' });
    const setup = {
      ...snapshot([me(), customer()]),
      task: aTask({ conference: conference([me(), customer()], 'setup') }),
    };
    expect(selectLeg(setup, 'customer', 'inbound')).toMatchObject({ kind: 'leg' });
  });

  it('transfer, worker channel: the receiving agent records their own leg', () => {
    // Agent B (this browser) on WR1; agent A (WR2) may still be on a warm transfer.
    const s = snapshot([customer(), otherWorker(), me()]);
    expect(selectLeg(s, 'worker', 'inbound')).toEqual({ kind: 'leg', callSid: 'CAme' });
  });

  it('transfer, customer channel: the receiving agent asks for the same customer leg again', () => {
    const s = snapshot([customer(), otherWorker({ status: 'left' }), me()]);
    expect(selectLeg(s, 'customer', 'inbound')).toEqual({ kind: 'leg', callSid: 'CAcustomer' });
  });
});

describe("customerCallSidHint: the customer's call for a worker leg of a task without call_sid", () => {
  const customerSid = `CA${'c'.repeat(32)}`;
  const outbound = { attributes: { direction: 'outbound' } };

  it("worker channel, outbound task without call_sid: the request names the one joined customer's call", () => {
    const decision = selectLeg(
      snapshot([customer({ callSid: customerSid }), me()], { task: outbound }),
      'worker',
      'outbound',
    );
    expect(decision).toEqual({ kind: 'leg', callSid: 'CAme', customerCallSid: customerSid });
  });

  it('counts a customer in both copies of the conference (task and Redux) once', () => {
    const both = snapshot([customer({ callSid: customerSid }), me()], {
      task: outbound,
      storeParticipants: [customer({ callSid: customerSid }), me()],
    });
    expect(selectLeg(both, 'worker', 'outbound')).toMatchObject({ customerCallSid: customerSid });
  });

  it.each([
    ['an empty call_sid', true, { direction: 'outbound', call_sid: '' }],
    ['a call_sid that is no string', true, { direction: 'outbound', call_sid: 42 }],
    ['a call_sid', false, { direction: 'outbound', call_sid: customerSid }],
  ])('a task with %s: hinted %s', (_what, hinted, attributes) => {
    expect(customerCallSidHint({ attributes }, [customer({ callSid: customerSid })])).toBe(
      hinted ? customerSid : undefined,
    );
  });

  it('no hint unless exactly one joined customer has a well-formed call SID', () => {
    const other = `CA${'d'.repeat(32)}`;
    const hint = (participants: Parameters<typeof customerCallSidHint>[1]) =>
      customerCallSidHint(outbound, participants);
    expect(hint([customer({ callSid: customerSid }), customer({ callSid: other })])).toBeUndefined();
    expect(hint([customer({ callSid: customerSid, status: 'left' })])).toBeUndefined();
    expect(hint([customer({ callSid: customerSid }), customer({ callSid: other, status: 'left' })])).toBe(
      customerSid,
    );
    expect(hint([customer({ callSid: undefined })])).toBeUndefined();
    expect(hint([customer({ callSid: 'CAnot-a-sid' })])).toBeUndefined();
    expect(hint([otherWorker({ callSid: customerSid })])).toBeUndefined();
  });

  it('never for the customer channel: its leg is the customer’s', () => {
    const decision = selectLeg(
      snapshot([customer({ callSid: customerSid }), me()], { task: outbound }),
      'customer',
      'outbound',
    );
    expect(decision).toEqual({ kind: 'leg', callSid: customerSid });
  });

  it('never when the task has call_sid (an inbound call, or an outbound one the Function already filled)', () => {
    const decision = selectLeg(
      snapshot([customer({ callSid: customerSid }), me()], {
        task: { attributes: { direction: 'outbound', call_sid: customerSid } },
      }),
      'worker',
      'outbound',
    );
    expect(decision).toEqual({ kind: 'leg', callSid: 'CAme' });
  });

  it("Join Call's new leg carries the hint too while the task still has no call_sid", () => {
    const rejoined = snapshot(
      [customer({ callSid: customerSid }), me({ status: 'left' }), me({ callSid: 'CAnewLeg' })],
      { task: outbound },
    );
    expect(selectRejoinedLeg(rejoined, new Set(['CAme']))).toEqual({
      kind: 'leg',
      callSid: 'CAnewLeg',
      customerCallSid: customerSid,
    });
  });
});

describe('selectLeg: internal calls', () => {
  const internal = { attributes: { client_call: true, direction: 'outbound' } };

  it('outbound side waits for the active call, then records its CallSid (no conference involved)', () => {
    expect(
      selectLeg(snapshot(undefined, { task: internal }), 'customer', 'internal-outbound'),
    ).toBeUndefined();
    expect(
      selectLeg(
        snapshot(undefined, { task: internal, activeCallSid: 'CAactive' }),
        'worker',
        'internal-outbound',
      ),
    ).toEqual({ kind: 'leg', callSid: 'CAactive' });
  });

  it('outbound side reports ended when the task wraps up first', () => {
    expect(
      selectLeg(
        snapshot(undefined, { task: { ...internal, status: 'wrapping' } }),
        'customer',
        'internal-outbound',
      ),
    ).toEqual({ kind: 'ended' });
  });

  it('inbound side never yields a leg', () => {
    const s = snapshot([customer(), me()], { activeCallSid: 'CAactive' });
    expect(selectLeg(s, 'customer', 'internal-inbound')).toBeUndefined();
  });
});
