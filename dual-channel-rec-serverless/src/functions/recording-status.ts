import { webhookRoute } from '../http/webhook-route';
import { runRecordingStatus } from '../routes/recording-status';
import { parseStatusCallback, verifyStatusCallbackRequest } from '../webhooks/recording-status-callback';

/**
 * POST /recording-status?taskSid=WT…&reservationSid=WR…: Twilio's recording status callback. Verifies
 * X-Twilio-Signature (403 and nothing changed when missing or wrong), then records the recording's
 * status, duration, channels and start time on the task.
 */
export const handler = webhookRoute({
  name: 'recording-status',
  authenticate: verifyStatusCallbackRequest,
  parse: parseStatusCallback,
  run: runRecordingStatus,
});
