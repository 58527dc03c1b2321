import { aTask } from '../test/builders';
import { createFakeStore } from '../test/fakeStore';
import { createRecordingStore } from './recordingStore';
import { syncRecordingStates } from './recordingStateSync';
import type { TaskLike } from './types';

const recorded = (paused = false, status = 'in-progress') => ({
  direction: 'inbound',
  dual_channel_recording: {
    recordings: {
      RE1: { call_sid: 'CAcustomer', channel: 'customer', reservation_sid: 'WR1', status, paused },
    },
  },
});

function setup(tasks: TaskLike[], canRecord = true, isCallTask = isVoiceCall) {
  const flex = createFakeStore({ tasks });
  const store = createRecordingStore();
  const adopt = jest.fn();
  const report = jest.fn();
  const stop = syncRecordingStates({
    flexStore: flex,
    tasks: (s) => s.tasks,
    isCallTask,
    store,
    canRecord,
    adopt,
    report,
  });
  const setTask = (task: TaskLike) => flex.set({ tasks: [task] });
  return { flex, store, adopt, report, stop, setTask };
}

// A callback task on the voice channel is no call in Flex (its channel definition says so).
const isVoiceCall = (task: TaskLike) =>
  task.taskChannelUniqueName === 'voice' && task.attributes.taskType !== 'callback';

describe('syncRecordingStates', () => {
  it("a task whose call test throws (another plugin's channel) is skipped and reported; nothing throws, the others are followed", () => {
    const broken = aTask({ sid: 'WRbroken', taskChannelUniqueName: 'custom' });
    const call = aTask({ sid: 'WR1', status: 'accepted', attributes: recorded() });
    const throwing = (task: TaskLike) => {
      if (task.taskChannelUniqueName === 'custom') throw new Error('isApplicable failed');
      return isVoiceCall(task);
    };
    const { flex, store, report } = setup([broken, call], true, throwing);
    expect(store.get('WR1')?.status).toBe('recording');
    expect(() => flex.set({ tasks: [broken, { ...call, attributes: recorded(true) }] })).not.toThrow();
    expect(store.get('WR1')?.status).toBe('paused');
    expect(report).toHaveBeenCalledWith('following a task', expect.any(Error));
  });

  it('reload: restores an accepted call from its attributes without starting the recorder', () => {
    const { store, adopt } = setup([aTask({ attributes: recorded(true) })]);
    expect(store.get('WR1')).toMatchObject({ status: 'paused', recordingSid: 'RE1' });
    expect(adopt).not.toHaveBeenCalled();
  });

  it('reload: starts the recorder for an accepted call with nothing recorded yet; not for wrap-up or no call', () => {
    const task = aTask();
    const { adopt } = setup([
      task,
      aTask({ sid: 'WR2', status: 'wrapping' }),
      aTask({ sid: 'WR3', taskChannelUniqueName: 'chat' }),
      aTask({ sid: 'WR4', attributes: { taskType: 'callback' } }),
    ]);
    expect(adopt.mock.calls).toEqual([[task]]);
  });

  it('recording off: the recorder is started anyway, so it can say why nothing is recorded', () => {
    const { adopt } = setup([aTask({ attributes: recorded() })], false);
    expect(adopt).toHaveBeenCalledTimes(1);
  });

  it('follows attribute changes (another tab, status callback) and stops when told', () => {
    const { store, setTask, stop } = setup([aTask({ attributes: recorded() })]);
    setTask(aTask({ attributes: recorded(true) }));
    expect(store.get('WR1')?.status).toBe('paused');
    setTask(aTask({ attributes: recorded(false, 'completed') }));
    expect(store.get('WR1')?.status).toBe('completed');
    stop();
    setTask(aTask({ attributes: recorded(false, 'absent') }));
    expect(store.get('WR1')?.status).toBe('completed');
  });

  it('attributes that arrive while the recorder is starting apply once it has written its result', () => {
    const { store, setTask } = setup([]);
    store.set('WR1', { status: 'starting', callSid: 'CAcustomer' });
    setTask(aTask({ attributes: recorded(true) }));
    expect(store.get('WR1')?.status).toBe('starting');
    store.set('WR1', {
      status: 'recording',
      recordingSid: 'RE1',
      callSid: 'CAcustomer',
      channel: 'customer',
      alreadyRecording: false,
    });
    expect(store.get('WR1')?.status).toBe('paused');
  });

  it('a newer answer is not overwritten by attributes seen before it; a removed state stays removed', () => {
    const { store } = setup([aTask({ attributes: recorded() })]);
    store.set('WR1', {
      status: 'paused',
      recordingSid: 'RE1',
      callSid: 'CAcustomer',
      channel: 'customer',
      alreadyRecording: false,
    });
    expect(store.get('WR1')?.status).toBe('paused');
    store.delete('WR1');
    expect(store.get('WR1')).toBeUndefined();
  });
});
