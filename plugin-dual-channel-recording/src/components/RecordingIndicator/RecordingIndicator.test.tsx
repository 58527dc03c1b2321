import React from 'react';
import { act, render, screen } from '@testing-library/react';

import type { RecordingState } from '../../recording/recordingStore';
import { createRecordingStore } from '../../recording/recordingStore';
import { RecordingIndicator } from './RecordingIndicator';

function renderWith(state: RecordingState | undefined, sid = 'WR1') {
  const store = createRecordingStore();
  if (state) store.set(sid, state);
  const view = render(<RecordingIndicator store={store} task={{ sid: 'WR1' }} />);
  return { store, ...view };
}

describe('RecordingIndicator', () => {
  it.each<[string, RecordingState, string, string]>([
    [
      'waiting (inbound)',
      { status: 'waiting_for_leg', callKind: 'inbound' },
      'Recording starts when the call connects',
      'pending',
    ],
    [
      'waiting (outbound: accepted means answered)',
      { status: 'waiting_for_leg', callKind: 'outbound' },
      'Recording starts when the call connects',
      'pending',
    ],
    ['starting', { status: 'starting', callSid: 'CA1' }, 'Starting recording…', 'pending'],
    [
      'recording',
      {
        status: 'recording',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'customer',
        alreadyRecording: false,
      },
      'Recording',
      'recording',
    ],
    [
      'recording continued after a transfer',
      {
        status: 'recording',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'customer',
        alreadyRecording: true,
      },
      'Recording (continued from earlier in the call)',
      'recording',
    ],
    [
      'paused: permanent, with its own tone',
      {
        status: 'paused',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'customer',
        alreadyRecording: false,
      },
      'Recording paused',
      'paused',
    ],
    [
      'completed',
      { status: 'completed', recordingSid: 'RE1', callSid: 'CA1', channel: 'customer', durationSeconds: 42 },
      'Recording complete',
      'off',
    ],
    [
      'recording, but the consent announcement failed: the agent is told',
      {
        status: 'recording',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'customer',
        alreadyRecording: false,
        consentFailed: true,
      },
      'Recording, but the caller did not hear the recording announcement',
      'error',
    ],
    [
      'stopped because the consent announcement failed',
      {
        status: 'completed',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'customer',
        stoppedBy: 'consent_failed',
      },
      'Recording stopped: the caller could not hear the recording announcement',
      'error',
    ],
    [
      'stopped because the last agent left',
      {
        status: 'completed',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'customer',
        stoppedBy: 'last_agent_left',
      },
      'Recording stopped: the call is over for every agent',
      'off',
    ],
    [
      'not recorded: absent (nothing was recorded)',
      { status: 'not_recorded', reason: { kind: 'absent', recordingSid: 'RE1', errorCode: 0 } },
      'Not recorded: nothing was recorded',
      'off',
    ],
    [
      'not recorded: excluded queue',
      { status: 'not_recorded', reason: { kind: 'excluded', exclusion: { kind: 'queue', queue: 'VIP' } } },
      'Not recorded: queue VIP is excluded',
      'off',
    ],
    [
      'not recorded: excluded attribute',
      {
        status: 'not_recorded',
        reason: {
          kind: 'excluded',
          exclusion: { kind: 'attribute', path: 'customers.segment', value: 'vip' },
        },
      },
      'Not recorded: excluded by customers.segment = vip',
      'off',
    ],
    [
      'not recorded: call ended first',
      { status: 'not_recorded', reason: { kind: 'call_ended' } },
      'Not recorded: the call ended first',
      'off',
    ],
    [
      'not recorded: disabled',
      { status: 'not_recorded', reason: { kind: 'disabled' } },
      'Not recorded: recording is turned off',
      'off',
    ],
    [
      'not recorded: invalid settings',
      { status: 'not_recorded', reason: { kind: 'config_invalid' } },
      'Not recorded: the recording settings are invalid',
      'error',
    ],
    [
      'not recorded: internal call, receiving side',
      { status: 'not_recorded', reason: { kind: 'internal_inbound' } },
      'Not recorded here: the calling agent records this call',
      'off',
    ],
    [
      "failed: the Function's reason",
      {
        status: 'failed',
        reason: {
          kind: 'function',
          status: 403,
          code: 'invalid_token',
          message: 'The Flex token is invalid',
        },
      },
      'Recording failed: The Flex token is invalid',
      'error',
    ],
    [
      'failed: leg timeout',
      { status: 'failed', reason: { kind: 'leg_timeout', seconds: 60 } },
      'Recording failed: the call did not connect within 60 seconds',
      'error',
    ],
    [
      'failed: network',
      { status: 'failed', reason: { kind: 'network', message: 'x' } },
      'Recording failed: the recording service could not be reached',
      'error',
    ],
    [
      'failed: no token',
      { status: 'failed', reason: { kind: 'no_token' } },
      'Recording failed: your Flex session has no token; sign in again',
      'error',
    ],
  ])('%s: announces the text in a polite status region', (_name, state, text, tone) => {
    renderWith(state);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent(text);
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveAttribute('data-status', state.status);
    expect(status).toHaveAttribute('data-tone', tone);
  });

  it('renders nothing for a reservation without state (e.g. another task)', () => {
    renderWith({ status: 'starting', callSid: 'CA1' }, 'WR-other');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('follows the store: starting → recording, and disappears when the state is deleted', () => {
    const { store } = renderWith({ status: 'starting', callSid: 'CA1' });
    expect(screen.getByRole('status')).toHaveTextContent('Starting recording…');
    act(() =>
      store.set('WR1', {
        status: 'recording',
        recordingSid: 'RE1',
        callSid: 'CA1',
        channel: 'worker',
        alreadyRecording: false,
      }),
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^Recording$/);
    act(() => store.delete('WR1'));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('unsubscribes from the store when unmounted', () => {
    const { store, unmount } = renderWith({ status: 'starting', callSid: 'CA1' });
    unmount();
    expect(() => act(() => store.set('WR1', { status: 'starting', callSid: 'CA2' }))).not.toThrow();
  });
});
