/// <reference types="@twilio-labs/serverless-runtime-types" />
import type * as Errors from './shared/errors.private';
import type * as Http from './shared/http.private';
import type * as Retry from './shared/retry.private';
import type * as Route from './shared/route.private';
import type * as TwilioApi from './shared/twilio-api.private';
import type * as RecordStatus from './recording/record-status.private';
import type * as StatusCallback from './recording/status-callback.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime, never a
// relative path; `import type` above keeps the types without a runtime import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { ApiError } = load<typeof Errors>('shared/errors');
const http = load<typeof Http>('shared/http');
const { createDeadline, DEFAULT_BUDGET_MS } = load<typeof Retry>('shared/retry');
const { webhookRoute, publicBase } = load<typeof Route>('shared/route');
const { createTwilioClient, createTwilioGateway } = load<typeof TwilioApi>('shared/twilio-api');
const { recordStatus } = load<typeof RecordStatus>('recording/record-status');
const { verifyCallbackSignature, parseStatusCallback } =
  load<typeof StatusCallback>('recording/status-callback');

/** The event: Twilio's form body merged with the callback URL's query, plus request headers. */
export type RecordingStatusEvent = Http.RequestInfo & Record<string, unknown>;

function signatureHeader(event: RecordingStatusEvent): string | undefined {
  const value = http.runtimeHeaders(event)?.['x-twilio-signature'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * POST /recording-status?taskSid=WT…&reservationSid=WR…: Twilio's recording status callback. Verifies
 * X-Twilio-Signature (403 and nothing changed when missing or wrong), then records the recording's
 * status, duration, channels and start time on the task.
 */
export const handler = webhookRoute<RecordingStatusEvent>(
  'recording-status',
  async ({ context, event, config, log }) => {
    const { credentials } = config;
    if (credentials.kind !== 'auth_token') {
      // Twilio signs webhooks with the account's auth token, never with an API key's secret.
      throw new ApiError(
        500,
        'missing_setting',
        'AUTH_TOKEN is required to verify the signature of Twilio status callbacks',
        {
          setting: 'AUTH_TOKEN',
        },
      );
    }
    const signature = signatureHeader(event);
    if (!verifyCallbackSignature(credentials.authToken, signature, publicBase(config, context), event)) {
      log('signature_rejected', { reason: signature === undefined ? 'missing' : 'mismatch' });
      throw new ApiError(
        403,
        'invalid_signature',
        'X-Twilio-Signature is missing or does not match this request',
      );
    }
    const parsed = parseStatusCallback(event);
    if (!parsed.ok) {
      throw new ApiError(400, 'invalid_parameter', parsed.problem.reason, { field: parsed.problem.field });
    }
    const deadline = createDeadline(DEFAULT_BUDGET_MS);
    const reply = await recordStatus(parsed.callback, {
      gateway: createTwilioGateway(
        createTwilioClient(config, DEFAULT_BUDGET_MS),
        config.workspaceSid,
        deadline,
      ),
      now: () => Date.now(),
      log,
    });
    return { status: 200, body: reply };
  },
);
