/**
 * The recording-status Function's transcript step with the real Twilio: after the status is on the
 * task, a completed recording is transcribed (transcribe-recording.ts) under the same request
 * deadline. The callback's answer does not depend on it: the status is recorded either way, and
 * Twilio would not retry a failed answer anyway.
 */
import type { Config } from '../config/settings';
import type { LogFn } from '../http/log';
import type { FlexSettings } from '../steps/flex-settings';
import type { TaskSeals } from '../rules/seals';
import type { StatusCallback } from '../webhooks/recording-status-callback';
import { twilioClientFor } from '../twilio/client';
import type { TwilioGateway } from '../twilio/gateway';
import type { Deadline } from '../twilio/retry';
import type { StatusOutcome } from '@dual-channel-recording/contract';
import { createIntelligenceGateway } from './intelligence-gateway';
import { transcribeRecording } from './transcribe-recording';

/** What the status step leaves for the transcript step. */
export interface AfterStatus {
  callback: StatusCallback;
  outcome: StatusOutcome;
  config: Config;
  gateway: TwilioGateway;
  deadline: Deadline;
  seals: TaskSeals;
  log: LogFn;
  /** The admin's settings, read through the instance's one `ui_attributes` cache. */
  flex: FlexSettings;
}

/** Transcribes the completed recording when the admin asked for it; never throws. */
export async function transcribeAfterStatus(step: AfterStatus): Promise<void> {
  const { callback, config, gateway, deadline, log } = step;
  if (callback.report?.status !== 'completed') return;
  try {
    const client = twilioClientFor(config);
    await transcribeRecording(callback, step.outcome, {
      gateway,
      intelligence: createIntelligenceGateway(client, config.workspaceSid, deadline),
      seals: step.seals,
      log,
      now: () => Date.now(),
      pauseBehavior: config.pauseBehavior,
      settings: () => step.flex.voiceIntelligence(),
    });
  } catch (error) {
    // The note could not be written (time, contention): the audit finds the recording without one.
    log('transcript_step_failed', {
      taskSid: callback.taskSid,
      recordingSid: callback.recordingSid,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
}
