import { isSid } from '@dual-channel-recording/contract';
import { rfc2822 } from '../dates';
import { TwilioErrorResponse, notFound } from '../errors';
import type { ParamValues } from '../openapi/validator';
import { ACTIVE_STATUSES } from '../recordings';
import type { RecordingService } from '../recordings';
import type { Call, Conference, Participant, Recording, RecordingCallback, SandboxState } from '../state';
import { matchesDateFilters } from './date-filter';
import { keepFilters, paginate } from './paging';
import type { ApiHandler, ApiRequest, ApiResponse } from './types';

const BASE = '/2010-04-01/Accounts';
const RECORDING_EVENTS = new Set(['in-progress', 'completed', 'absent']);

/** The 2010 API's JSON for a call. */
export function presentCall(call: Call): Record<string, unknown> {
  const uri = `${BASE}/${call.accountSid}/Calls/${call.sid}.json`;
  const duration = call.endTime
    ? Math.round((call.endTime.getTime() - call.startTime.getTime()) / 1000)
    : null;
  return {
    sid: call.sid,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    parent_call_sid: call.parentCallSid,
    account_sid: call.accountSid,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: call.status,
    start_time: rfc2822(call.startTime),
    end_time: call.endTime ? rfc2822(call.endTime) : null,
    duration: duration === null ? null : String(duration),
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri,
    subresource_uris: {
      recordings: `${BASE}/${call.accountSid}/Calls/${call.sid}/Recordings.json`,
    },
  };
}

function recordingCore(r: Recording): Record<string, unknown> {
  return {
    account_sid: r.accountSid,
    api_version: '2010-04-01',
    call_sid: r.callSid,
    conference_sid: r.conferenceSid,
    date_created: rfc2822(r.dateCreated),
    date_updated: rfc2822(r.dateUpdated),
    start_time: rfc2822(r.startTime),
    duration: r.durationSeconds === null ? null : String(r.durationSeconds),
    sid: r.sid,
    price_unit: 'USD',
    status: r.deleted ? 'deleted' : r.status,
    channels: r.channels,
    source: r.source,
    error_code: r.errorCode,
    encryption_details: null,
  };
}

/** The JSON of a recording under a call (`Calls/{CA}/Recordings/{RE}.json`). */
export function presentCallRecording(r: Recording): Record<string, unknown> {
  return {
    ...recordingCore(r),
    price: null,
    track: r.track,
    uri: `${BASE}/${r.accountSid}/Calls/${r.callSid}/Recordings/${r.sid}.json`,
  };
}

/** The JSON of a recording at account level (`Recordings/{RE}.json`). */
export function presentRecording(r: Recording): Record<string, unknown> {
  return {
    ...recordingCore(r),
    price: null,
    uri: `${BASE}/${r.accountSid}/Recordings/${r.sid}.json`,
    media_url: `https://api.twilio.com${BASE}/${r.accountSid}/Recordings/${r.sid}`,
    subresource_uris: {
      add_on_results: `${BASE}/${r.accountSid}/Recordings/${r.sid}/AddOnResults.json`,
      transcriptions: `${BASE}/${r.accountSid}/Recordings/${r.sid}/Transcriptions.json`,
    },
  };
}

/** The JSON of a conference. */
export function presentConference(c: Conference): Record<string, unknown> {
  const out: Record<string, unknown> = {
    account_sid: c.accountSid,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    api_version: '2010-04-01',
    friendly_name: c.friendlyName,
    region: 'us1',
    sid: c.sid,
    status: c.status,
    uri: `${BASE}/${c.accountSid}/Conferences/${c.sid}.json`,
    subresource_uris: {
      participants: `${BASE}/${c.accountSid}/Conferences/${c.sid}/Participants.json`,
      recordings: `${BASE}/${c.accountSid}/Conferences/${c.sid}/Recordings.json`,
    },
    call_sid_ending_conference: null,
  };
  // Twilio answers null while in progress, but the spec's enum is not nullable: leave it out then.
  if (c.status === 'completed') out.reason_conference_ended = 'last-participant-left';
  return out;
}

/** The JSON of a conference participant. */
export function presentParticipant(p: Participant): Record<string, unknown> {
  return {
    account_sid: p.accountSid,
    call_sid: p.callSid,
    label: p.label,
    call_sid_to_coach: null,
    coaching: false,
    conference_sid: p.conferenceSid,
    date_created: rfc2822(p.dateCreated),
    date_updated: rfc2822(p.dateUpdated),
    end_conference_on_exit: false,
    muted: p.muted,
    hold: p.hold,
    start_conference_on_enter: true,
    status: p.status,
    queue_time: '0',
    uri: `${BASE}/${p.accountSid}/Conferences/${p.conferenceSid}/Participants/${p.callSid}.json`,
  };
}

/** Newest first, as Twilio lists calls and recordings; the SID breaks ties so the order is stable. */
export function newestFirst<T extends { dateCreated: Date; sid?: string; callSid?: string }>(
  items: T[],
): T[] {
  return [...items].sort(
    (a, b) =>
      b.dateCreated.getTime() - a.dateCreated.getTime() ||
      String(b.sid ?? b.callSid).localeCompare(String(a.sid ?? a.callSid)),
  );
}

/** A 2010 list page with Twilio's paging fields. */
export function listBody(
  key: string,
  pathname: string,
  all: Record<string, unknown>[],
  query: ParamValues,
  filterNames: string[],
): ApiResponse {
  const page = paginate(all, query, keepFilters(query, filterNames));
  return {
    status: 200,
    body: {
      [key]: page.items,
      end: page.end,
      first_page_uri: `${pathname}?${page.firstQuery}`,
      next_page_uri: page.nextQuery ? `${pathname}?${page.nextQuery}` : null,
      page: page.page,
      page_size: page.pageSize,
      previous_page_uri: page.previousQuery ? `${pathname}?${page.previousQuery}` : null,
      start: page.start,
      uri: `${pathname}?${page.currentQuery}`,
    },
  };
}

function asList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // Twilio accepts repeated parameters and a space-separated list alike.
  return values.flatMap((v) => String(v).split(/[\s,]+/)).filter((v) => v !== '');
}

function invalid(name: string, value: unknown): TwilioErrorResponse {
  return new TwilioErrorResponse(400, 20001, `Invalid parameter ${name}: ${String(value)}`);
}

/** The 2010 API handlers (calls, call recordings, recordings, conferences, participants). */
export function createApi2010Handlers(
  state: SandboxState,
  recordings: RecordingService,
): Record<string, ApiHandler> {
  const call = (req: ApiRequest, sid: string): Call => {
    const found = state.calls.get(sid);
    if (!found || found.accountSid !== req.account.sid) throw notFound(req.pathname);
    return found;
  };
  const recording = (req: ApiRequest, sid: string, callSid?: string): Recording => {
    const found = state.recordings.get(sid);
    const softDeleted = found?.deleted && req.query.IncludeSoftDeleted !== true;
    if (
      !found ||
      softDeleted ||
      found.accountSid !== req.account.sid ||
      (callSid && found.callSid !== callSid)
    ) {
      throw notFound(req.pathname);
    }
    return found;
  };
  const conference = (req: ApiRequest, sid: string): Conference => {
    const found = state.conferences.get(sid);
    if (!found || found.accountSid !== req.account.sid) throw notFound(req.pathname);
    return found;
  };
  // A participant still in the conference, by call SID or label; one that left is 404, as on Twilio.
  const liveParticipant = (req: ApiRequest): Participant => {
    const conf = conference(req, req.pathParams.ConferenceSid);
    const found = [...state.participants.values()].find(
      (x) =>
        x.conferenceSid === conf.sid &&
        (x.callSid === req.pathParams.CallSid || x.label === req.pathParams.CallSid),
    );
    if (!found || found.status === 'complete') throw notFound(req.pathname);
    return found;
  };

  return {
    FetchCall: (req) => ({ status: 200, body: presentCall(call(req, req.pathParams.Sid)) }),

    CreateCallRecording: (req) => {
      const target = call(req, req.pathParams.CallSid);
      if (target.status !== 'in-progress') {
        throw new TwilioErrorResponse(
          400,
          21220,
          'Unable to create record: Call is not in-progress. Cannot create a recording.',
        );
      }
      const b = req.body;
      const channels = b.RecordingChannels ?? 'mono';
      if (channels !== 'mono' && channels !== 'dual') throw invalid('RecordingChannels', channels);
      const track = b.RecordingTrack ?? 'both';
      if (track !== 'inbound' && track !== 'outbound' && track !== 'both')
        throw invalid('RecordingTrack', track);
      if (b.Trim !== undefined && b.Trim !== 'trim-silence' && b.Trim !== 'do-not-trim')
        throw invalid('Trim', b.Trim);
      const events = asList(b.RecordingStatusCallbackEvent);
      for (const e of events) if (!RECORDING_EVENTS.has(e)) throw invalid('RecordingStatusCallbackEvent', e);
      let callback: RecordingCallback | null = null;
      if (typeof b.RecordingStatusCallback === 'string' && b.RecordingStatusCallback !== '') {
        let url: URL;
        try {
          url = new URL(b.RecordingStatusCallback);
        } catch {
          throw invalid('RecordingStatusCallback', b.RecordingStatusCallback);
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:')
          throw invalid('RecordingStatusCallback', url);
        const method = String(b.RecordingStatusCallbackMethod ?? 'POST').toUpperCase();
        // Twilio's default event is `completed` only.
        callback = {
          url: url.toString(),
          method: method === 'GET' ? 'GET' : 'POST',
          events: events.length ? events : ['completed'],
        };
      }
      const created = recordings.start(target, { channels: channels === 'dual' ? 2 : 1, track, callback });
      return { status: 201, body: presentCallRecording(created) };
    },

    ListCallRecording: (req) => {
      const target = call(req, req.pathParams.CallSid);
      const all = newestFirst(
        [...state.recordings.values()].filter((r) => r.callSid === target.sid && !r.deleted),
      )
        .filter((r) => matchesDateFilters(req.query, 'DateCreated', r.dateCreated))
        .map(presentCallRecording);
      return listBody('recordings', req.pathname, all, req.query, [
        'DateCreated',
        'DateCreated<',
        'DateCreated>',
      ]);
    },

    FetchCallRecording: (req) => ({
      status: 200,
      body: presentCallRecording(recording(req, req.pathParams.Sid, call(req, req.pathParams.CallSid).sid)),
    }),

    UpdateCallRecording: (req) => {
      const target = call(req, req.pathParams.CallSid);
      let rec: Recording;
      if (req.pathParams.Sid === 'Twilio.CURRENT') {
        const active = [...state.recordings.values()].filter(
          (r) => r.callSid === target.sid && !r.deleted && ACTIVE_STATUSES.has(r.status),
        );
        if (active.length > 1) {
          throw new TwilioErrorResponse(
            400,
            16108,
            'There is more than one active recording for this call. Use a recording SID.',
          );
        }
        if (active.length === 0) throw notFound(req.pathname);
        rec = active[0];
      } else {
        if (!isSid(req.pathParams.Sid, 'RE')) throw notFound(req.pathname);
        rec = recording(req, req.pathParams.Sid, target.sid);
      }
      const status = req.body.Status;
      if (status !== 'paused' && status !== 'in-progress' && status !== 'stopped')
        throw invalid('Status', status);
      const behavior = req.body.PauseBehavior ?? 'silence';
      if (behavior !== 'skip' && behavior !== 'silence') throw invalid('PauseBehavior', behavior);
      if (target.status !== 'in-progress') {
        throw new TwilioErrorResponse(400, 21220, 'Unable to update record: Call is not in-progress.');
      }
      if (!ACTIVE_STATUSES.has(rec.status)) {
        // Assumption (not confirmed against Twilio): the same 21220 family for a finished recording.
        throw new TwilioErrorResponse(
          400,
          21220,
          `Unable to update record: Recording is ${rec.status}, not in progress.`,
        );
      }
      if (status === 'paused') recordings.pause(rec, behavior);
      else if (status === 'in-progress') recordings.resume(rec);
      else recordings.stop(rec);
      return { status: 200, body: presentCallRecording(rec) };
    },

    DeleteCallRecording: (req) => {
      const rec = recording(req, req.pathParams.Sid, call(req, req.pathParams.CallSid).sid);
      rec.deleted = true;
      return { status: 204 };
    },

    ListRecording: (req) => {
      const q = req.query;
      const all = newestFirst([...state.recordings.values()].filter((r) => r.accountSid === req.account.sid))
        .filter((r) => !r.deleted || q.IncludeSoftDeleted === true)
        .filter(
          (r) =>
            (q.CallSid === undefined || r.callSid === q.CallSid) &&
            (q.ConferenceSid === undefined || r.conferenceSid === q.ConferenceSid),
        )
        .filter((r) => matchesDateFilters(q, 'DateCreated', r.dateCreated))
        .map(presentRecording);
      return listBody('recordings', req.pathname, all, q, [
        'DateCreated',
        'DateCreated<',
        'DateCreated>',
        'CallSid',
        'ConferenceSid',
      ]);
    },

    FetchRecording: (req) => ({ status: 200, body: presentRecording(recording(req, req.pathParams.Sid)) }),

    DeleteRecording: (req) => {
      recording(req, req.pathParams.Sid).deleted = true;
      return { status: 204 };
    },

    ListConference: (req) => {
      const q = req.query;
      const all = newestFirst([...state.conferences.values()].filter((c) => c.accountSid === req.account.sid))
        .filter((c) => q.FriendlyName === undefined || c.friendlyName === q.FriendlyName)
        .filter((c) => q.Status === undefined || c.status === q.Status)
        .filter((c) => matchesDateFilters(q, 'DateCreated', c.dateCreated))
        .map(presentConference);
      return listBody('conferences', req.pathname, all, q, ['FriendlyName', 'Status']);
    },

    FetchConference: (req) => ({ status: 200, body: presentConference(conference(req, req.pathParams.Sid)) }),

    ListParticipant: (req) => {
      const conf = conference(req, req.pathParams.ConferenceSid);
      // Twilio lists only participants still in the conference; one who left is gone.
      const all = [...state.participants.values()]
        .filter((p) => p.conferenceSid === conf.sid && p.status !== 'complete')
        .filter((p) => req.query.Muted === undefined || p.muted === req.query.Muted)
        .filter((p) => req.query.Hold === undefined || p.hold === req.query.Hold)
        .sort(
          (a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || a.callSid.localeCompare(b.callSid),
        )
        .map(presentParticipant);
      return listBody('participants', req.pathname, all, req.query, ['Muted', 'Hold']);
    },

    FetchParticipant: (req) => {
      const p = liveParticipant(req);
      return { status: 200, body: presentParticipant(p) };
    },

    UpdateParticipant: (req) => {
      const p = liveParticipant(req);
      const { AnnounceUrl, AnnounceMethod, Hold, Muted } = req.body;
      if (AnnounceUrl !== undefined) {
        const url = String(AnnounceUrl);
        if (!/^https?:\/\//.test(url)) throw invalid('AnnounceUrl', url);
        const method = AnnounceMethod === undefined ? 'POST' : String(AnnounceMethod);
        if (method !== 'GET' && method !== 'POST') throw invalid('AnnounceMethod', method);
        // Twilio fetches the URL and plays it to this participant alone; the sandbox records that it
        // was asked to (control API `announcements()`): the call stays in the conference.
        state.announcements.push({
          at: new Date().toISOString(),
          conferenceSid: p.conferenceSid,
          callSid: p.callSid,
          url,
          method,
        });
      }
      if (typeof Hold === 'boolean') p.hold = Hold;
      if (typeof Muted === 'boolean') p.muted = Muted;
      p.dateUpdated = new Date();
      return { status: 200, body: presentParticipant(p) };
    },
  };
}
