import { FunctionError, NetworkError } from '../api/errors';
import type { ControlRecordingResponse } from '@dual-channel-recording/contract';
import type { PauseNotice } from './pauseController';
import { createPauseController, shortcutTarget } from './pauseController';
import type { RecordingState } from './recordingStore';
import { createRecordingStore } from './recordingStore';

const recording: RecordingState = {
  status: 'recording',
  recordingSid: 'RE1',
  callSid: 'CA1',
  channel: 'customer',
  alreadyRecording: false,
};
const paused: RecordingState = { ...recording, status: 'paused' };

const answer = (status: 'paused' | 'in-progress', changed = true): ControlRecordingResponse => ({
  recordingSid: 'RE1',
  callSid: 'CA1',
  status,
  changed,
});

function setup(initial: RecordingState | undefined = recording) {
  const store = createRecordingStore();
  if (initial) store.set('WR1', initial);
  const history: Array<string> = [];
  store.subscribe((sid) => {
    const s = store.get(sid);
    history.push(s ? `${s.status}${'pending' in s && s.pending ? `(${s.pending})` : ''}` : 'deleted');
  });
  const setPaused = jest.fn((action: 'pause' | 'resume') =>
    Promise.resolve(answer(action === 'pause' ? 'paused' : 'in-progress')),
  );
  const notices: PauseNotice[] = [];
  const log = { info: jest.fn(), error: jest.fn() };
  const controller = createPauseController({
    store,
    setPaused,
    taskSidOf: (sid) => (sid === 'WR1' ? 'WT1' : undefined),
    notify: (n) => notices.push(n),
    log,
  });
  return { store, history, setPaused, notices, controller, log };
}

describe('pause controller', () => {
  it("sends the task's conference SID when Flex knows it, so the Function reads the leg in one round", async () => {
    const store = createRecordingStore();
    store.set('WR1', recording);
    const setPaused = jest.fn((_action: 'pause' | 'resume') => Promise.resolve(answer('paused')));
    const controller = createPauseController({
      store,
      setPaused,
      taskSidOf: () => 'WT1',
      conferenceSidOf: (sid) => (sid === 'WR1' ? `CF${'1'.repeat(32)}` : undefined),
      notify: () => undefined,
      log: { info: jest.fn(), error: jest.fn() },
    });
    await controller.pause('WR1');
    expect(setPaused).toHaveBeenCalledWith('pause', {
      taskSid: 'WT1',
      reservationSid: 'WR1',
      callSid: 'CA1',
      conferenceSid: `CF${'1'.repeat(32)}`,
    });
  });

  it('pause: pending while in flight, then the state the server answered', async () => {
    const { controller, store, history, setPaused } = setup();
    const done = controller.toggle('WR1');
    expect(store.get('WR1')).toEqual({ ...recording, pending: 'pause' });
    await done;
    expect(setPaused).toHaveBeenCalledWith('pause', {
      taskSid: 'WT1',
      reservationSid: 'WR1',
      callSid: 'CA1',
    });
    expect(history).toEqual(['recording(pause)', 'paused']);
    expect(store.get('WR1')).toEqual(paused);
  });

  it('resume from paused; changed=false (already in that state) is still a success', async () => {
    const { controller, store, setPaused, notices } = setup(paused);
    setPaused.mockResolvedValueOnce(answer('in-progress', false));
    await controller.toggle('WR1');
    expect(setPaused).toHaveBeenCalledWith('resume', expect.anything());
    expect(store.get('WR1')).toEqual(recording);
    expect(notices).toEqual([]);
  });

  it('asking for the state it is already in, or a second request while one is in flight, sends nothing', async () => {
    const { controller, setPaused } = setup(paused);
    await controller.pause('WR1');
    expect(setPaused).not.toHaveBeenCalled();
    const first = controller.resume('WR1');
    await controller.toggle('WR1');
    await first;
    expect(setPaused).toHaveBeenCalledTimes(1);
  });

  it('nothing to pause (not recorded, starting, unknown reservation): no request', async () => {
    const { controller, setPaused } = setup({ status: 'not_recorded', reason: { kind: 'disabled' } });
    await controller.toggle('WR1');
    await controller.pause('WR9');
    expect(setPaused).not.toHaveBeenCalled();
  });

  it.each([
    [new FunctionError({ status: 404, code: 'no_recording', message: 'No recording' }), 'function'],
    [new FunctionError({ status: 409, code: 'call_not_in_progress', message: 'Call ended' }), 'function'],
    [new FunctionError({ status: 403, code: 'forbidden', message: 'Not your reservation' }), 'function'],
    [new NetworkError('https://x/pause-recording', new TypeError('offline')), 'network'],
  ])('a refusal (%s) clears pending, keeps the state and notifies with the reason', async (error, kind) => {
    const { controller, store, setPaused, notices } = setup();
    setPaused.mockRejectedValueOnce(error);
    await controller.pause('WR1');
    expect(store.get('WR1')).toEqual(recording);
    expect(notices).toEqual([
      {
        kind: 'pause_failed',
        action: 'pause',
        reservationSid: 'WR1',
        reason: expect.objectContaining({ kind }),
      },
    ]);
    if (error instanceof FunctionError) {
      expect(notices[0]?.reason).toMatchObject({ code: error.code, message: error.message });
    }
  });

  it('a reservation removed (or recording completed) during the request is left alone', async () => {
    const { controller, store, setPaused } = setup();
    let resolve: (r: ControlRecordingResponse) => void = () => undefined;
    setPaused.mockImplementationOnce(() => new Promise((r) => (resolve = r)));
    const done = controller.pause('WR1');
    store.delete('WR1');
    resolve(answer('paused'));
    await done;
    expect(store.get('WR1')).toBeUndefined();
  });
});

describe('shortcutTarget', () => {
  it('the selected task when it can be paused, else the only one that can, else none', () => {
    const store = createRecordingStore();
    expect(shortcutTarget(store, 'WR1')).toBeUndefined();
    store.set('WR1', recording);
    store.set('WR2', { status: 'not_recorded', reason: { kind: 'disabled' } });
    expect(shortcutTarget(store, 'WR2')).toBe('WR1');
    expect(shortcutTarget(store)).toBe('WR1');
    store.set('WR3', paused);
    expect(shortcutTarget(store, 'WR3')).toBe('WR3');
    expect(shortcutTarget(store)).toBeUndefined();
  });
});
