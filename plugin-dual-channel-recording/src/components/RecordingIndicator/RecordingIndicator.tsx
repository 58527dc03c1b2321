import React from 'react';
import { Template, styled } from '@twilio/flex-ui';

import type { RecordingStore } from '../../recording/recordingStore';
import { flexTranslate } from '../../strings/flexTemplates';
import type { Translate } from '../../strings/format';
import { token } from '../theme';
import { describeState } from './describeState';
import { useRecordingState } from './useRecordingState';

/** Props: the store, and the task Flex passes to call-canvas children. */
export interface RecordingIndicatorProps {
  readonly store: RecordingStore;
  readonly task?: { readonly sid: string };
  /** Renders strings nested in others (failure reasons); Flex's templates by default. */
  readonly translate?: Translate;
}

// Flex's own `styled` (its emotion instance and theme): Paste itself would add ~78 KB gzip to the bundle.
const Pill = styled('div')(({ theme }) => ({
  display: 'inline-flex',
  alignItems: 'center',
  gap: token(theme, 'spacings', 'space20', '0.25rem'),
  margin: `${token(theme, 'spacings', 'space30', '0.5rem')} auto`,
  padding: `${token(theme, 'spacings', 'space10', '0.125rem')} ${token(theme, 'spacings', 'space40', '0.75rem')}`,
  borderRadius: token(theme, 'radii', 'borderRadiusPill', '100px'),
  fontFamily: token(theme, 'fonts', 'fontFamilyText', 'inherit'),
  fontSize: token(theme, 'fontSizes', 'fontSize20', '0.75rem'),
  fontWeight: Number(token(theme, 'fontWeights', 'fontWeightSemibold', '600')),
  lineHeight: token(theme, 'lineHeights', 'lineHeight20', '1.25rem'),
  color: token(theme, 'textColors', 'colorText', '#121c2d'),
  backgroundColor: token(theme, 'backgroundColors', 'colorBackground', '#f4f4f6'),
  '&[data-tone="recording"]': {
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundErrorWeakest', '#feeced'),
  },
  '&[data-tone="paused"]': {
    color: token(theme, 'textColors', 'colorTextWarningStrong', '#8d3107'),
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundWarningWeakest', '#fef5ee'),
  },
  '&[data-tone="error"]': {
    color: token(theme, 'textColors', 'colorTextErrorStrong', '#750c0c'),
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundErrorWeakest', '#feeced'),
  },
  '&[data-tone="off"]': {
    color: token(theme, 'textColors', 'colorTextWeak', '#606b85'),
  },
}));

const Dot = styled('span')(({ theme }) => ({
  flex: 'none',
  width: token(theme, 'sizings', 'sizeSquare20', '0.5rem'),
  height: token(theme, 'sizings', 'sizeSquare20', '0.5rem'),
  borderRadius: '50%',
  border: `1px solid ${token(theme, 'borderColors', 'colorBorderWeak', '#cacdd8')}`,
  '&[data-tone="recording"]': {
    border: 'none',
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundError', '#d61f1f'),
  },
  // Paused: two bars, the pause glyph, so the state does not rest on colour alone.
  '&[data-tone="paused"]': {
    border: 'none',
    borderRadius: 0,
    borderLeft: `3px solid ${token(theme, 'backgroundColors', 'colorBackgroundWarning', '#f47c22')}`,
    borderRight: `3px solid ${token(theme, 'backgroundColors', 'colorBackgroundWarning', '#f47c22')}`,
  },
  '&[data-tone="error"]': {
    border: 'none',
    backgroundColor: token(theme, 'backgroundColors', 'colorBackgroundErrorStrong', '#750c0c'),
  },
}));

/**
 * Shows the recording state of the task's call in the call canvas. A polite live region, so screen
 * readers announce each change (starting, recording, paused, complete, not recorded and why, failed
 * and why). "Recording paused" stays as long as the recording is paused.
 */
export function RecordingIndicator({
  store,
  task,
  translate = flexTranslate,
}: RecordingIndicatorProps): JSX.Element | null {
  const state = useRecordingState(store, task?.sid);
  if (!state) return null;
  const { tone, code, context } = describeState(state, translate);
  return (
    <Pill
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="dual-channel-recording-indicator"
      data-status={state.status}
      data-tone={tone}
    >
      <Dot aria-hidden="true" data-tone={tone} />
      <Template code={code} {...context} />
    </Pill>
  );
}
