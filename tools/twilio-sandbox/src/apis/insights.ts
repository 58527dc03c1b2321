import { iso8601 } from '../dates';
import { TwilioErrorResponse, notFound } from '../errors';
import type { Call, Participant, SandboxState } from '../state';
import { listMeta, paginate } from './paging';
import type { ApiHandler } from './types';

const HOST = 'https://insights.twilio.com';

/** The sandbox keeps no participant SID: one derived from the call leg, stable per conference. */
function summarySid(p: Participant): string {
  return `CP${p.callSid.slice(2)}`;
}

/** The JSON of a Conference Participant Summary (insights.v1.conference.conference_participant). */
function presentParticipantSummary(p: Participant, call: Call | undefined): Record<string, unknown> {
  const left = p.status === 'complete';
  const leftAt = left ? p.dateUpdated : null;
  const address = call?.direction === 'inbound' ? call.from : call?.to;
  return {
    participant_sid: summarySid(p),
    label: p.label,
    conference_sid: p.conferenceSid,
    call_sid: p.callSid,
    account_sid: p.accountSid,
    call_direction: call?.direction === 'inbound' ? 'inbound' : 'outbound',
    from: call?.from ?? null,
    to: call?.to ?? null,
    call_status: left ? 'completed' : 'answered',
    country_code: null,
    is_moderator: false,
    join_time: iso8601(p.dateCreated),
    leave_time: leftAt ? iso8601(leftAt) : null,
    duration_seconds: leftAt ? Math.round((leftAt.getTime() - p.dateCreated.getTime()) / 1000) : null,
    outbound_queue_length: null,
    outbound_time_in_queue: null,
    jitter_buffer_size: 'large',
    is_coach: false,
    coached_participants: null,
    // The sandbox's conferences are in us1 (presentConference); null here breaks the spec's enum.
    participant_region: 'us1',
    conference_region: 'us1',
    call_type: address?.startsWith('client:') ? 'client' : 'carrier',
    processing_state: left ? 'complete' : 'in_progress',
    properties: null,
    events: null,
    metrics: null,
    url: `${HOST}/v1/Conferences/${p.conferenceSid}/Participants/${summarySid(p)}`,
  };
}

/**
 * Voice Insights handlers: the Conference Participant Summaries (`GET /v1/Conferences/{CF}/Participants`),
 * the post-call record of who was in a conference, kept after the conference ends (the 2010
 * Participants list forgets whoever left). Twilio serves it only to an account with Voice Insights
 * Advanced Features on (control API `setVoiceInsightsAdvancedFeatures`, off by default); otherwise
 * 403 with error 17000 ("also returned when an account is attempting to access a resource where Voice
 * Insights Advanced Features has not been enabled"). Only once the conference has ended. Not modelled:
 * summaries of calls made before the features were turned on (Twilio's 17007), the minutes a summary
 * may take to appear, and the 30 days after which Twilio no longer holds it.
 */
export function createInsightsHandlers(state: SandboxState): Record<string, ApiHandler> {
  return {
    ListConferenceParticipant: (req) => {
      if (!state.voiceInsightsAdvanced.has(req.account.sid)) {
        throw new TwilioErrorResponse(
          403,
          17000,
          'Forbidden to access data: Voice Insights Advanced Features are not enabled',
        );
      }
      const conference = state.conferences.get(req.pathParams.ConferenceSid);
      if (!conference || conference.accountSid !== req.account.sid) throw notFound(req.pathname);
      // Twilio: "Conference and Participant summary data is available after the conference ends and
      // is stored for up to 30 days"; a conference summary "may take up to 30 minutes to generate".
      // While the conference runs the sandbox lists nobody (the worst case; the empty page is our
      // guess, Twilio does not say how it answers then). The delay after the end is not played.
      const ended = conference.status === 'completed';
      const all = [...state.participants.values()]
        .filter((p) => ended && p.conferenceSid === conference.sid)
        .filter((p) => req.query.Label === undefined || p.label === req.query.Label)
        .filter((p) => req.query.ParticipantSid === undefined || summarySid(p) === req.query.ParticipantSid)
        .sort(
          (a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || a.callSid.localeCompare(b.callSid),
        )
        .map((p) => presentParticipantSummary(p, state.calls.get(p.callSid)));
      const page = paginate(all, req.query);
      return {
        status: 200,
        body: { participants: page.items, meta: listMeta(HOST, req.pathname, 'participants', page) },
      };
    },
  };
}
