import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';

import type { RecordingState } from '../../recording/recordingStore';
import { createRecordingStore } from '../../recording/recordingStore';
import { PauseRecordingButton } from './PauseRecordingButton';

const recording: RecordingState = {
  status: 'recording',
  recordingSid: 'RE1',
  callSid: 'CA1',
  channel: 'customer',
  alreadyRecording: false,
};
const paused: RecordingState = { ...recording, status: 'paused' };

function renderWith(
  state: RecordingState | undefined,
  task: { sid: string; status?: string } = { sid: 'WR1' },
) {
  const store = createRecordingStore();
  if (state) store.set('WR1', state);
  const controller = { toggle: jest.fn(() => Promise.resolve()) };
  const view = render(
    <PauseRecordingButton store={store} controller={controller} task={task} shortcutKey="9" />,
  );
  return { store, controller, ...view };
}

describe('PauseRecordingButton', () => {
  it('recording: "Pause recording", not pressed, with the shortcut announced; a click toggles', () => {
    const { controller } = renderWith(recording);
    const button = screen.getByRole('button', { name: 'Pause recording' });
    expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(button).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+9');
    expect(button).toHaveAttribute('title', 'Pause recording (Ctrl+Shift+9)');
    expect(button).toBeEnabled();
    fireEvent.click(button);
    expect(controller.toggle).toHaveBeenCalledWith('WR1');
  });

  it('paused: "Resume recording", pressed', () => {
    renderWith(paused);
    expect(screen.getByRole('button', { name: 'Resume recording' })).toHaveAttribute('aria-pressed', 'true');
  });

  it.each([
    ['pause', recording, 'Pause recording', 'Pausing recording…'],
    ['resume', paused, 'Resume recording', 'Resuming recording…'],
  ] as const)('pending %s: disabled and busy, keeps its name', (pending, state, name, title) => {
    const { controller } = renderWith({ ...state, pending } as RecordingState);
    const button = screen.getByRole('button', { name });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(button).toHaveAttribute('title', title);
    fireEvent.click(button);
    expect(controller.toggle).not.toHaveBeenCalled();
  });

  it.each<[string, RecordingState | undefined]>([
    ['no state (another task)', undefined],
    ['waiting for the leg', { status: 'waiting_for_leg', callKind: 'inbound' }],
    ['starting', { status: 'starting', callSid: 'CA1' }],
    ['internal call, receiving side', { status: 'not_recorded', reason: { kind: 'internal_inbound' } }],
    [
      'excluded',
      { status: 'not_recorded', reason: { kind: 'excluded', exclusion: { kind: 'queue', queue: 'VIP' } } },
    ],
    ['disabled', { status: 'not_recorded', reason: { kind: 'disabled' } }],
    ['absent', { status: 'not_recorded', reason: { kind: 'absent', recordingSid: 'RE1' } }],
    ['failed', { status: 'failed', reason: { kind: 'no_token' } }],
    ['completed', { status: 'completed', recordingSid: 'RE1', callSid: 'CA1', channel: 'customer' }],
  ])('hidden when there is nothing to pause: %s', (_name, state) => {
    renderWith(state);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('hidden once the reservation is wrapping up', () => {
    renderWith(recording, { sid: 'WR1', status: 'wrapping' });
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('follows the store: appears when recording starts, flips when paused, goes when completed', () => {
    const { store } = renderWith({ status: 'starting', callSid: 'CA1' });
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    act(() => store.set('WR1', recording));
    expect(screen.getByRole('button', { name: 'Pause recording' })).toBeInTheDocument();
    act(() => store.set('WR1', paused));
    expect(screen.getByRole('button', { name: 'Resume recording' })).toBeInTheDocument();
    act(() =>
      store.set('WR1', { status: 'completed', recordingSid: 'RE1', callSid: 'CA1', channel: 'customer' }),
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
