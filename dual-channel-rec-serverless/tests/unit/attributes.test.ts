import { buildMediaEntry } from '@dual-channel-recording/contract';
import type { RecordingChannel } from '@dual-channel-recording/contract';
import { mergeRecording, needsOutboundFill, withMedia, withOutboundFill } from '../../src/rules/attributes';
import { ACCOUNT, CALL, RESERVATION, TASK, sid } from '../helpers/sids';
import { claimFor } from '../helpers/task-attributes';

const RE1 = sid('RE', 1);
const RE2 = sid('RE', 2);
const start = new Date('2026-01-02T03:04:05Z');
const AT = '2026-01-02T03:04:06.000Z';

/** The entry every writer writes for `recordingSid` (the contract's one builder). */
const mediaEntry = (recordingSid: string, channel: RecordingChannel) =>
  buildMediaEntry({
    accountSid: ACCOUNT,
    recordingSid,
    taskSid: TASK,
    channel,
    startedAt: start,
    now: 0,
    serviceBaseUrl: 'https://svc.example',
  });

describe('withMedia', () => {
  const entry = mediaEntry(RE1, 'customer');

  it('appends to conversations.media and keeps every other attribute and conversations key', () => {
    const before = {
      call_sid: CALL,
      custom: { nested: [1, 2, { deep: true }] },
      conversations: { conversation_attribute_1: 'vip', media: [{ type: 'Embedded', url: 'https://x' }] },
    };
    const after = withMedia(before, entry, 'customer', RESERVATION);
    expect(after).toEqual({
      call_sid: CALL,
      custom: { nested: [1, 2, { deep: true }] },
      conversations: {
        conversation_attribute_1: 'vip',
        media: [{ type: 'Embedded', url: 'https://x' }, entry],
      },
    });
    expect(before.conversations.media).toHaveLength(1);
  });

  it('writes the worker channel under reservation_attributes[WR].media, leaving other reservations alone', () => {
    const other = sid('WR', 9);
    const before = { reservation_attributes: { [other]: { media: ['keep'] }, [RESERVATION]: { note: 'n' } } };
    const after = withMedia(before, entry, 'worker', RESERVATION);
    expect(after.reservation_attributes).toEqual({
      [other]: { media: ['keep'] },
      [RESERVATION]: { note: 'n', media: [entry] },
    });
  });

  it('does not add the same recording twice', () => {
    const once = withMedia({}, entry, 'customer', RESERVATION);
    expect(withMedia(once, entry, 'customer', RESERVATION)).toEqual(once);
  });

  it('replaces a non-array media value rather than crash on it', () => {
    const after = withMedia({ conversations: { media: 'oops' } }, entry, 'customer', RESERVATION);
    expect(after).toEqual({ conversations: { media: [entry] } });
  });
});

describe('outbound fill', () => {
  it('adds conference.sid and call_sid when Flex left them out', () => {
    const attrs = { type: 'outbound', conference: { participants: { worker: 'CAw' } } };
    expect(needsOutboundFill(attrs)).toEqual({ conference: true, callSid: true });
    expect(withOutboundFill(attrs, { conferenceSid: sid('CF', 1), customerCallSid: CALL })).toEqual({
      type: 'outbound',
      conference: { participants: { worker: 'CAw' }, sid: sid('CF', 1) },
      call_sid: CALL,
    });
  });

  it('never overwrites values that are present', () => {
    const attrs = { conference: { sid: sid('CF', 2) }, call_sid: sid('CA', 7) };
    expect(needsOutboundFill(attrs)).toEqual({ conference: false, callSid: false });
    expect(withOutboundFill(attrs, { conferenceSid: sid('CF', 1), customerCallSid: CALL })).toBe(attrs);
  });
});

describe('mergeRecording and claims', () => {
  it('writes claim, media and fill together and reads the claim back', () => {
    const merged = mergeRecording(
      { keep: 'me' },
      {
        callSid: CALL,
        claim: { recording_sid: RE1, channel: 'customer', reservation_sid: RESERVATION },
        entry: mediaEntry(RE1, 'customer'),
        fill: { conferenceSid: sid('CF', 1) },
        updatedAt: AT,
      },
    );
    expect(merged.keep).toBe('me');
    expect(claimFor(merged, CALL)).toEqual({
      recording_sid: RE1,
      channel: 'customer',
      reservation_sid: RESERVATION,
    });
    expect(claimFor(merged, sid('CA', 2))).toBeUndefined();
    expect(merged).toMatchObject({
      conference: { sid: sid('CF', 1) },
      conversations: { media: [{ url: expect.stringContaining(RE1) }] },
    });
  });

  it('keeps claims of other legs when claiming one', () => {
    const first = mergeRecording(
      {},
      {
        callSid: sid('CA', 5),
        claim: { recording_sid: RE2, channel: 'worker', reservation_sid: RESERVATION },
        entry: mediaEntry(RE2, 'worker'),
        fill: {},
        updatedAt: AT,
      },
    );
    const second = mergeRecording(first, {
      callSid: CALL,
      claim: { recording_sid: RE1, channel: 'customer', reservation_sid: RESERVATION },
      entry: mediaEntry(RE1, 'customer'),
      fill: {},
      updatedAt: AT,
    });
    expect(claimFor(second, sid('CA', 5))?.recording_sid).toBe(RE2);
    expect(claimFor(second, CALL)?.recording_sid).toBe(RE1);
  });

  it('ignores malformed claims', () => {
    expect(claimFor({ dual_channel_recording: { legs: { [CALL]: 'RE' } } }, CALL)).toBeUndefined();
    expect(claimFor({ dual_channel_recording: 'x' }, CALL)).toBeUndefined();
  });
});
