import { iso8601 } from '../dates';
import type { SandboxState } from '../state';
import type { ApiHandler } from './types';

const HOST = 'https://flex-api.twilio.com';

/** When the sandbox's Flex instances were set up (fixed, so answers are stable). */
const CREATED = new Date(Date.UTC(2026, 0, 1));

/**
 * Flex Configuration API handlers: `GET /v1/Configuration` answers the account's configuration,
 * with the `ui_attributes` the control API set (`{}` until then). Only the fields a Flex account
 * always has are sent; the response is validated against twilio_flex_v1.json like every other.
 */
export function createFlexHandlers(state: SandboxState): Record<string, ApiHandler> {
  return {
    FetchConfiguration: (req) => ({
      status: 200,
      body: {
        account_sid: req.account.sid,
        date_created: iso8601(CREATED),
        date_updated: iso8601(CREATED),
        status: 'ok',
        ui_language: 'en',
        ui_attributes: state.flexUiAttributes.get(req.account.sid) ?? {},
        ui_version: '2.17.1',
        service_version: null,
        url: `${HOST}/v1/Configuration`,
      },
    }),
  };
}
