import React from 'react';
import { styled } from '@twilio/flex-ui';

import type { PauseController } from '../../recording/pauseController';
import { isPausable } from '../../recording/recordingStore';
import type { RecordingStore } from '../../recording/recordingStore';
import { StringTemplates } from '../../strings';
import { flexTranslate } from '../../strings/flexTemplates';
import type { Translate } from '../../strings/format';
import { useRecordingState } from '../RecordingIndicator/useRecordingState';
import { token } from '../theme';

/** Props: the store and controller, and the task Flex passes to call-canvas-action children. */
export interface PauseRecordingButtonProps {
  readonly store: RecordingStore;
  readonly controller: Pick<PauseController, 'toggle'>;
  readonly task?: { readonly sid: string; readonly status?: string };
  /** The toggle shortcut's key (Ctrl+Shift+<key>), announced and shown in the tooltip; null = none. */
  readonly shortcutKey?: string | null;
  readonly translate?: Translate;
}

// A round icon button like Flex's own call canvas actions, from Flex's `styled` and theme tokens
// (Paste itself would add ~78 KB gzip to the bundle).
const RoundButton = styled('button')(({ theme }) => ({
  display: 'inline-flex',
  alignItems: 'center',
  justifyContent: 'center',
  width: token(theme, 'sizings', 'sizeSquare100', '2.5rem'),
  height: token(theme, 'sizings', 'sizeSquare100', '2.5rem'),
  margin: `0 ${token(theme, 'spacings', 'space20', '0.25rem')}`,
  padding: 0,
  borderRadius: '50%',
  border: `1px solid ${token(theme, 'borderColors', 'colorBorder', '#8891aa')}`,
  color: token(theme, 'textColors', 'colorText', '#121c2d'),
  backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundBody', '#ffffff'),
  cursor: 'pointer',
  '&:hover:not(:disabled)': {
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundStrong', '#e1e3ea'),
  },
  '&:focus-visible': {
    outline: `2px solid ${token(theme, 'borderColors', 'colorBorderPrimary', '#0263e0')}`,
    outlineOffset: '2px',
  },
  '&[aria-pressed="true"]': {
    color: token(theme, 'textColors', 'colorTextWarningStrong', '#8d3107'),
    borderColor: token(theme, 'borderColors', 'colorBorderWarning', '#f47c22'),
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundWarningWeakest', '#fef5ee'),
  },
  '&:disabled': { cursor: 'progress', opacity: 0.6 },
}));

/** Two bars: what pressing does while recording. */
const PauseGlyph = (): JSX.Element => (
  <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
    <rect x="3" y="2" width="3.5" height="12" rx="1" />
    <rect x="9.5" y="2" width="3.5" height="12" rx="1" />
  </svg>
);

/** A filled circle, the record glyph: what pressing does while paused. */
const RecordGlyph = (): JSX.Element => (
  <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16" fill="currentColor">
    <circle cx="8" cy="8" r="5.5" />
  </svg>
);

/**
 * Pauses and resumes the recording of the task's call. Hidden when there is nothing to pause (not
 * recorded, excluded, internal call's receiving side, failed, completed, still starting) and once the
 * call is over. A toggle button: `aria-pressed` is true while paused; while a request is in flight it
 * is disabled and busy, and the store (not the click) decides what it shows next.
 */
export function PauseRecordingButton({
  store,
  controller,
  task,
  shortcutKey,
  translate = flexTranslate,
}: PauseRecordingButtonProps): JSX.Element | null {
  const state = useRecordingState(store, task?.sid);
  if (!task || !isPausable(state) || (task.status !== undefined && task.status !== 'accepted')) return null;
  const paused = state.status === 'paused';
  const label = translate(paused ? StringTemplates.ResumeButton : StringTemplates.PauseButton);
  const pending = state.pending;
  let title = shortcutKey ? `${label} (Ctrl+Shift+${shortcutKey})` : label;
  if (pending !== undefined) {
    title = translate(pending === 'pause' ? StringTemplates.Pausing : StringTemplates.Resuming);
  }
  return (
    <RoundButton
      type="button"
      data-testid="dual-channel-recording-pause-button"
      aria-label={label}
      aria-pressed={paused}
      aria-busy={pending !== undefined}
      aria-keyshortcuts={shortcutKey ? `Control+Shift+${shortcutKey}` : undefined}
      title={title}
      disabled={pending !== undefined}
      onClick={() => {
        // The controller never rejects; its outcome lands in the store and, on failure, a notification.
        void controller.toggle(task.sid);
      }}
    >
      {paused ? <RecordGlyph /> : <PauseGlyph />}
    </RoundButton>
  );
}
