/** `dual-channel-recordings audit`: read the window's conversations, judge each, report. */
import { createTaskSeals } from 'dual-channel-rec-serverless/seals';
import type { TwilioGateway } from '../twilio-gateway';
import { classify } from './classify';
import { readConversations, readExclusions, readTranscriptsOn } from './facts';
import type { AuditReport } from './report';
import { buildAuditReport } from './report';

/**
 * Audits every Flex voice conversation created in [since, until]; `sealSecret` is the secret the
 * Functions seal their claims with (a claim whose seal does not verify proves nothing).
 */
export async function runAudit(
  gateway: TwilioGateway,
  since: Date,
  until: Date,
  sealSecret: string,
): Promise<AuditReport> {
  const [exclusions, transcriptsOn] = await Promise.all([
    readExclusions(gateway),
    readTranscriptsOn(gateway),
  ]);
  const conversations = await readConversations(
    gateway,
    since,
    until,
    createTaskSeals(sealSecret),
    transcriptsOn,
  );
  return buildAuditReport(
    conversations.map((facts) => classify(facts, exclusions)),
    since,
    until,
  );
}
