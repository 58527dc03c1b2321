/// <reference types="@twilio-labs/serverless-runtime-types" />
import type { ServerlessEventObject } from '@twilio-labs/serverless-runtime-types/types';
import type * as FlexToken from './shared/flex-token.private';
import type * as Http from './shared/http.private';
import type * as Retry from './shared/retry.private';
import type * as Route from './shared/route.private';
import type * as TwilioApi from './shared/twilio-api.private';
import type * as Params from './recording/params.private';
import type * as Start from './recording/start-recording.private';

// Deployed Functions live at paths Twilio chooses, so private code is found through Runtime, never a
// relative path; `import type` above keeps the types without a runtime import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(key: string): T => require(Runtime.getFunctions()[key].path) as T;
const { validateFlexToken } = load<typeof FlexToken>('shared/flex-token');
const { createDeadline, DEFAULT_BUDGET_MS } = load<typeof Retry>('shared/retry');
const { browserRoute, publicBase, requireInput } = load<typeof Route>('shared/route');
const { createTwilioClient, createTwilioGateway } = load<typeof TwilioApi>('shared/twilio-api');
const { parseCreateRecordingParams, parseToken } = load<typeof Params>('recording/params');
const { startRecording } = load<typeof Start>('recording/start-recording');

/** The event: parameters from the query string and body, plus request headers. */
export type CreateRecordingEvent = ServerlessEventObject<Params.CreateRecordingEvent, Http.RequestHeaders>;

/** POST /create-recording: starts (or finds) the dual-channel recording of an accepted task's call leg. */
export const handler = browserRoute<CreateRecordingEvent>(
  'create-recording',
  async ({ context, event, config, log }) => {
    const { params, token } = requireInput(parseCreateRecordingParams(event), parseToken(event));

    const deadline = createDeadline(DEFAULT_BUDGET_MS);
    const gateway = createTwilioGateway(
      createTwilioClient(config, DEFAULT_BUDGET_MS),
      config.workspaceSid,
      deadline,
    );
    const result = await startRecording(params, token, {
      gateway,
      validateToken: (value) => validateFlexToken(value, config, deadline),
      statusCallbackBase: publicBase(config, context),
      now: () => Date.now(),
      log,
    });
    return { status: result.status, body: result.body };
  },
);
