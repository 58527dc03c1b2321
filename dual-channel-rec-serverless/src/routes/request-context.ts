/**
 * What every route's work is put together from, built once per request: the Twilio gateway under
 * the route's time budget, the admin's Flex settings read through this instance's one cache, the
 * seals, the Flex token check under the same deadline (through this instance's validated-token cache), and the service's public base URL.
 */
import type { FlexIdentity } from '../http/flex-token';
import { validateFlexToken } from '../http/flex-token';
import { createTokenCache } from '../http/token-cache';
import type { RouteScope } from '../http/route';
import { publicBase } from '../http/route';
import type { TaskSeals } from '../rules/seals';
import { sealsFor } from '../rules/seals';
import type { FlexSettings } from '../steps/flex-settings';
import { createFlexUiAttributesCache, flexSettingsFor } from '../steps/flex-settings';
import type { RequestTwilio } from '../twilio/client';
import { twilioForRequest, twilioWithin } from '../twilio/client';

/** One request's wiring, shared by every route (see {@link requestContext}). */
export interface RequestContext extends RequestTwilio {
  /** The admin's `ui_attributes` settings, read at most once for the request. */
  flex: FlexSettings;
  /** The Functions' seals, keyed by `SEAL_SECRET`. */
  seals: TaskSeals;
  /** Validates a Flex token within the request's deadline. */
  validateToken: (token: string) => Promise<FlexIdentity>;
  /** This service's public base URL (`PUBLIC_BASE_URL`, else the deployed domain). */
  publicBase: string;
}

/** This instance's `ui_attributes`, kept while it is warm (`EXCLUSIONS_CACHE_SECONDS`). */
const warmUiAttributes = createFlexUiAttributesCache();

/**
 * Flex tokens this instance validated, kept while it is warm (until each one's expiration). A bonus
 * only: module state is not documented to survive between invocations, so nothing relies on it.
 */
const warmTokens = createTokenCache();

/**
 * The request's wiring: Twilio access under the default budget, or under `budgetMs` when the route
 * must answer sooner (the Event Streams sink).
 */
export function requestContext(scope: RouteScope, budgetMs?: number): RequestContext {
  const { config, context } = scope;
  const twilio = budgetMs === undefined ? twilioForRequest(config) : twilioWithin(config, budgetMs);
  const { gateway, deadline } = twilio;
  return {
    ...twilio,
    flex: flexSettingsFor(() => warmUiAttributes(gateway, Date.now(), config.exclusionsCacheMs)),
    seals: sealsFor(config),
    validateToken: (value) => validateFlexToken(value, config, deadline, undefined, warmTokens),
    publicBase: publicBase(config, context),
  };
}
