/// <reference types="@twilio-labs/serverless-runtime-types" />
import type {
  Context,
  ServerlessCallback,
  ServerlessEventObject,
  TwilioResponse,
} from '@twilio-labs/serverless-runtime-types/types';
import type * as Config from './shared/config.private';
import type * as Errors from './shared/errors.private';
import type * as FlexToken from './shared/flex-token.private';
import type * as Http from './shared/http.private';
import type * as Retry from './shared/retry.private';
import type * as TwilioApi from './shared/twilio-api.private';
import type * as Params from './recording/params.private';
import type * as Start from './recording/start-recording.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime, never a
// relative path; `import type` above keeps the types without a runtime import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { parseConfig, parseOrigins, DEFAULT_ALLOWED_ORIGINS } = load<typeof Config>('shared/config');
const { ApiError } = load<typeof Errors>('shared/errors');
const { validateFlexToken } = load<typeof FlexToken>('shared/flex-token');
const http = load<typeof Http>('shared/http');
const { createDeadline, DEFAULT_BUDGET_MS } = load<typeof Retry>('shared/retry');
const { createTwilioClient, createTwilioGateway } = load<typeof TwilioApi>('shared/twilio-api');
const { parseCreateRecordingParams, parseToken } = load<typeof Params>('recording/params');
const { startRecording } = load<typeof Start>('recording/start-recording');

/** The event: parameters from the query string and body, plus request headers. */
export type CreateRecordingEvent = ServerlessEventObject<Params.CreateRecordingEvent, Http.RequestHeaders>;

const log: Start.LogFn = (event, fields) => {
  // One JSON line per event, SIDs and codes only: tokens and phone numbers never reach the log.
  console.log(JSON.stringify({ fn: 'create-recording', event, ...fields }));
};

async function handle(
  context: Context<Config.RecordingEnv>,
  event: CreateRecordingEvent,
): Promise<TwilioResponse> {
  // CORS first: even a misconfigured service must answer its own origin in a way the browser reads.
  const origins = parseOrigins(context.ALLOWED_ORIGINS);
  const allowedOrigins = 'origins' in origins ? origins.origins : DEFAULT_ALLOWED_ORIGINS;
  const cors = http.corsFor(http.requestOrigin(event), allowedOrigins);
  if (http.isPreflight(event)) return http.preflightResponse(cors.allowed, cors.headers);
  if (!cors.allowed) {
    log('origin_refused', {});
    return http.errorResponse(
      new ApiError(
        403,
        'origin_not_allowed',
        'This origin may not call the recording Function; add it to ALLOWED_ORIGINS',
      ),
      cors.headers,
    );
  }

  const parsed = parseConfig(context);
  if (!parsed.ok) {
    for (const problem of parsed.problems)
      log('config_problem', { setting: problem.setting, reason: problem.reason });
    const [first] = parsed.problems;
    const code = first.kind === 'missing' ? 'missing_setting' : 'invalid_setting';
    const message = `The Function's ${first.setting} setting is ${first.kind}; an administrator must fix its environment`;
    return http.errorResponse(new ApiError(500, code, message, { setting: first.setting }), cors.headers);
  }
  const { config } = parsed;

  const params = parseCreateRecordingParams(event);
  if (!params.ok) {
    const { field, reason } = params.problem;
    return http.errorResponse(new ApiError(400, 'invalid_parameter', reason, { field }), cors.headers);
  }
  const token = parseToken(event);
  if (!token.ok) {
    const error = token.missing
      ? new ApiError(403, 'invalid_token', 'A Flex token (Token) is required')
      : new ApiError(400, 'invalid_parameter', token.reason, { field: 'Token' });
    return http.errorResponse(error, cors.headers);
  }

  const deadline = createDeadline(DEFAULT_BUDGET_MS);
  const gateway = createTwilioGateway(
    createTwilioClient(config, DEFAULT_BUDGET_MS),
    config.workspaceSid,
    deadline,
  );
  const base = config.publicBaseUrl ?? `https://${context.DOMAIN_NAME}`;
  const result = await startRecording(params.params, token.token, {
    gateway,
    validateToken: (value) => validateFlexToken(value, config, deadline),
    statusCallbackBase: base,
    now: () => Date.now(),
    log,
  });
  return http.jsonResponse(result.status, result.body, cors.headers);
}

/** POST /create-recording: starts (or finds) the dual-channel recording of an accepted task's call leg. */
export const handler = async (
  context: Context<Config.RecordingEnv>,
  event: CreateRecordingEvent,
  callback: ServerlessCallback,
): Promise<void> => {
  try {
    callback(null, await handle(context, event));
  } catch (error) {
    const apiError = http.toApiError(error);
    log('request_failed', {
      status: apiError.status,
      code: apiError.code,
      twilioCode: apiError.details.twilioCode,
      // Our own errors say what happened; for anything else the name is enough to find it, and its
      // message could echo request data.
      detail: error instanceof Error ? error.name : typeof error,
    });
    const origins = parseOrigins(context.ALLOWED_ORIGINS);
    const allowed = 'origins' in origins ? origins.origins : DEFAULT_ALLOWED_ORIGINS;
    callback(null, http.errorResponse(apiError, http.corsFor(http.requestOrigin(event), allowed).headers));
  }
};
