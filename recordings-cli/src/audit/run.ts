/** `dual-channel-recordings audit`: read the window's conversations, judge each, report. */
import type { TwilioGateway } from '../twilio-gateway';
import { classify } from './classify';
import { readConversations, readExclusions } from './facts';
import type { AuditReport } from './report';
import { buildAuditReport } from './report';

/** Audits every Flex voice conversation created in [since, until]. */
export async function runAudit(gateway: TwilioGateway, since: Date, until: Date): Promise<AuditReport> {
  const [exclusions, conversations] = await Promise.all([
    readExclusions(gateway),
    readConversations(gateway, since, until),
  ]);
  return buildAuditReport(
    conversations.map((facts) => classify(facts, exclusions)),
    since,
    until,
  );
}
