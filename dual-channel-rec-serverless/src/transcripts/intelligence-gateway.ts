/**
 * What the transcript step asks of Twilio: Voice Intelligence transcripts (created, found by the
 * recording they transcribe) and the TaskRouter worker an agent channel names. Kept apart from the
 * recording gateway so the recording routes' fakes need not know about transcripts.
 */
import type twilio from 'twilio';
import { retryingUnder } from '../twilio/gateway';
import type { Deadline } from '../twilio/retry';
import type { AgentIdentity, TranscriptChannel } from './participants';

/** A transcript as Twilio answers it (only what the step reads). */
export interface TranscriptInfo {
  sid: string;
  serviceSid: string;
  /** The `channel` object: media properties and participants. */
  channel: unknown;
}

/** What a transcript create sends. */
export interface TranscriptRequest {
  serviceSid: string;
  channel: TranscriptChannel;
  /** Twilio stores it for us ("client provided metadata", at most 64 characters): the task SID. */
  customerKey: string;
  /** ISO 8601, when the recording's start is known. */
  mediaStartTime?: string;
}

/** Voice Intelligence and the worker lookup, retried under the request's deadline. */
export interface IntelligenceGateway {
  /** The transcripts of recording `recordingSid` in any service (`SourceSid` filter). */
  transcriptsOf(recordingSid: string): Promise<TranscriptInfo[]>;
  createTranscript(request: TranscriptRequest): Promise<TranscriptInfo>;
  /** The worker's Flex identity (`contact_uri` without `client:`) and friendly name. */
  fetchWorkerIdentity(workerSid: string): Promise<AgentIdentity>;
}

function identityOf(attributes: string | undefined, friendlyName: string): string {
  try {
    const parsed: unknown = JSON.parse(attributes ?? '{}');
    const uri = (parsed as { contact_uri?: unknown }).contact_uri;
    if (typeof uri === 'string' && uri.startsWith('client:')) return uri.slice('client:'.length);
  } catch {
    // Worker attributes that are not JSON: the friendly name is all TaskRouter says.
  }
  return friendlyName;
}

/** An {@link IntelligenceGateway} over the twilio 6 SDK; every request retried under `deadline`. */
export function createIntelligenceGateway(
  client: twilio.Twilio,
  workspaceSid: string,
  deadline: Deadline,
): IntelligenceGateway {
  const run = retryingUnder(deadline);
  const info = (t: { sid: string; serviceSid: string; channel: unknown }): TranscriptInfo => ({
    sid: t.sid,
    serviceSid: t.serviceSid,
    channel: t.channel,
  });
  return {
    async transcriptsOf(recordingSid) {
      const list = await run(() =>
        client.intelligence.v2.transcripts.list({ sourceSid: recordingSid, limit: 20 }),
      );
      return list.map(info);
    },
    async createTranscript(request) {
      // A create that reached Twilio but whose answer was lost is retried safely: Twilio keeps one
      // transcript per recording and refuses the second, and the caller then finds the first.
      const created = await run(() =>
        client.intelligence.v2.transcripts.create({
          serviceSid: request.serviceSid,
          channel: request.channel,
          customerKey: request.customerKey,
          ...(request.mediaStartTime === undefined
            ? {}
            : { mediaStartTime: new Date(request.mediaStartTime) }),
        }),
      );
      return info(created);
    },
    async fetchWorkerIdentity(workerSid) {
      const worker = await run(() =>
        client.taskrouter.v1.workspaces(workspaceSid).workers(workerSid).fetch(),
      );
      return {
        identity: identityOf(worker.attributes, worker.friendlyName),
        friendlyName: worker.friendlyName,
      };
    },
  };
}
