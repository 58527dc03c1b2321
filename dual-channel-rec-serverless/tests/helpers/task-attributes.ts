/** Reads and merges the tests compose from the product's own: not part of any route. */
import type { AuditEntry, ExclusionSettingsResult, LegClaim } from '@dual-channel-recording/contract';
import { parseExclusionSettings, readProductAttributes } from '@dual-channel-recording/contract';
import type { RecordingOrigin } from '../../src/rules/attributes';
import { withAudit, withPausedFlag } from '../../src/rules/attributes';
import { createFlexUiAttributesCache } from '../../src/steps/flex-settings';
import type { TwilioGateway } from '../../src/twilio/gateway';

/** The claim on a call leg, if the attributes hold one. */
export function claimFor(attributes: Record<string, unknown>, callSid: string): LegClaim | undefined {
  return readProductAttributes(attributes).legs[callSid];
}

/** Sets the paused flag of a recording and appends the action to the audit trail, in one merge. */
export function withPauseAction(
  attributes: Record<string, unknown>,
  input: { recordingSid: string; origin: RecordingOrigin; paused: boolean; audit: AuditEntry },
): Record<string, unknown> {
  const flagged = withPausedFlag(attributes, { ...input, at: input.audit.at });
  return withAudit(flagged, input.audit);
}

/** The exclusion settings for a gateway's account through a fresh `ui_attributes` cache. */
export function createExclusionSettingsCache(): (
  gateway: TwilioGateway,
  now: number,
  ttlMs: number,
) => Promise<ExclusionSettingsResult> {
  const read = createFlexUiAttributesCache();
  return (gateway, now, ttlMs) => read(gateway, now, ttlMs).then(parseExclusionSettings);
}
