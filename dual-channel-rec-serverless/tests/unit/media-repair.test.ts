/**
 * The media-entry check (src/steps/media-repair.ts) as a pure function, and the whole repair
 * against the in-memory Twilio: every `VoiceRecording` entry is the product's builder's entry for a
 * recording the Functions claimed on the task (sealed), with this service's playback URL, or it goes.
 */
import { sealedClaim } from '../../src/rules/seals';
import type { SealedLegClaim } from '../../src/rules/task-claims';
import { checkMediaEntries, expectedEntries, repairMediaEntries } from '../../src/steps/media-repair';
import { readProductAttributes } from '@dual-channel-recording/contract';
import { FakeTwilio } from '../helpers/fake-gateway';
import { TEST_SEALS } from '../helpers/seals';
import { ACCOUNT, sid } from '../helpers/sids';

const BASE = 'https://svc.example';
const TASK = sid('WT', 1);
const CUSTOMER = sid('CA', 1);
const AGENT_LEG = sid('CA', 2);
const RE_CUSTOMER = sid('RE', 1);
const RE_AGENT = sid('RE', 2);
const WR = sid('WR', 1);

const claims: SealedLegClaim[] = [
  { callSid: CUSTOMER, claim: { recording_sid: RE_CUSTOMER, channel: 'customer', reservation_sid: WR } },
  { callSid: AGENT_LEG, claim: { recording_sid: RE_AGENT, channel: 'worker', reservation_sid: WR } },
];
const expected = expectedEntries(claims, undefined, TASK, ACCOUNT, BASE, 5);
const entryOf = (recordingSid: string) => ({
  ...expected.find((e) => e.recordingSid === recordingSid)!.entry,
});

function written(): Record<string, unknown> {
  return {
    note: 'kept',
    conversations: { media: [entryOf(RE_CUSTOMER), { type: 'Link', url: 'https://crm.example/case/1' }] },
    reservation_attributes: { [WR]: { media: [entryOf(RE_AGENT)] } },
  };
}

describe('checkMediaEntries', () => {
  it('leaves the entries the product wrote as they are (start times included)', () => {
    const attributes = written();
    (
      (attributes.conversations as { media: Record<string, unknown>[] }).media[0] as { start_time: number }
    ).start_time = 99;
    const checked = checkMediaEntries(attributes, expected, 'T');
    expect(checked.repairs).toEqual([]);
    expect(checked.attributes).toBe(attributes);
  });

  it('rewrites an entry whose url_provider points elsewhere, with the builder’s entry, keeping its place and the task’s start time', () => {
    const attributes = written();
    const media = (attributes.conversations as { media: Record<string, unknown>[] }).media;
    media[0] = { ...media[0], url_provider: 'https://attacker.example/steal', start_time: 77 };
    const checked = checkMediaEntries(attributes, expected, 'T');
    expect(checked.repairs).toEqual([
      expect.objectContaining({ recording_sid: RE_CUSTOMER, reservation_sid: '', outcome: 'repaired' }),
    ]);
    expect((checked.attributes.conversations as { media: unknown[] }).media).toEqual([
      { ...entryOf(RE_CUSTOMER), start_time: 77 },
      { type: 'Link', url: 'https://crm.example/case/1' },
    ]);
    expect(checked.attributes.note).toBe('kept');
  });

  it('removes an entry naming another recording (or none), and one put first to be the one Insights plays; puts back a missing one', () => {
    const attributes = written();
    const media = (attributes.conversations as { media: unknown[] }).media;
    media.unshift(
      { ...entryOf(RE_CUSTOMER), url: entryOf(RE_CUSTOMER).url.replace(RE_CUSTOMER, sid('RE', 9)) },
      {
        type: 'VoiceRecording',
        url: 'https://attacker.example/a.wav',
        url_provider: 'https://attacker.example',
      },
    );
    (attributes.reservation_attributes as Record<string, { media: unknown[] }>)[WR].media = [];
    const checked = checkMediaEntries(attributes, expected, 'T');
    expect(checked.repairs.map((r) => [r.recording_sid, r.outcome])).toEqual([
      [sid('RE', 9), 'removed'],
      ['', 'removed'],
      [RE_AGENT, 'repaired'],
    ]);
    expect((checked.attributes.conversations as { media: unknown[] }).media[0]).toEqual(entryOf(RE_CUSTOMER));
    expect(
      (checked.attributes.reservation_attributes as Record<string, { media: unknown[] }>)[WR].media,
    ).toEqual([entryOf(RE_AGENT)]);
  });

  it('removes a second entry for the same recording, and a customer recording moved under a reservation', () => {
    const attributes = written();
    (attributes.conversations as { media: unknown[] }).media.push(entryOf(RE_CUSTOMER));
    (attributes.reservation_attributes as Record<string, { media: unknown[] }>)[WR].media.push(
      entryOf(RE_CUSTOMER),
    );
    expect(checkMediaEntries(attributes, expected, 'T').repairs.map((r) => r.outcome)).toEqual([
      'removed',
      'removed',
    ]);
  });
});

describe('repairMediaEntries', () => {
  function fake(attributes: Record<string, unknown>): FakeTwilio {
    const twilio = new FakeTwilio();
    twilio.tasks.set(TASK, { sid: TASK, revision: 1, attributes: JSON.stringify(attributes) });
    twilio.recordings.push({
      sid: RE_CUSTOMER,
      callSid: CUSTOMER,
      status: 'completed',
      startTime: new Date(5),
      dateCreated: new Date(5),
    });
    return twilio;
  }
  const deps = (twilio: FakeTwilio) => ({
    gateway: twilio.gateway(),
    seals: TEST_SEALS,
    now: () => 5,
    log: () => undefined,
    playbackBase: BASE,
  });

  it('repairs from the sealed claims in the task’s event log although the agent removed them from the task, and lists the repair', async () => {
    const sealed = sealedClaim(TEST_SEALS, TASK, CUSTOMER, claims[0].claim);
    const twilio = fake({
      conversations: { media: [{ ...entryOf(RE_CUSTOMER), url_provider: 'https://attacker.example/steal' }] },
    });
    twilio.events.set(TASK, [
      {
        sid: 'EV1',
        eventType: 'task.updated',
        at: 1,
        data: {
          task_attributes: JSON.stringify({ dual_channel_recording: { legs: { [CUSTOMER]: sealed } } }),
        },
      },
    ]);
    expect(await repairMediaEntries(TASK, undefined, deps(twilio))).toBe('repaired');
    const after = twilio.taskAttributes(TASK);
    expect((after.conversations as { media: unknown[] }).media).toEqual([entryOf(RE_CUSTOMER)]);
    expect(readProductAttributes(after).media_repairs).toEqual([
      expect.objectContaining({ recording_sid: RE_CUSTOMER, outcome: 'repaired' }),
    ]);
    // Done once: the next look finds it as written and writes nothing.
    expect(await repairMediaEntries(TASK, undefined, deps(twilio))).toBe('as_written');
  });

  it('an entry an agent added for a recording with an unsealed claim is removed, not trusted', async () => {
    const planted = { recording_sid: RE_CUSTOMER, channel: 'customer', reservation_sid: WR };
    const twilio = fake({
      dual_channel_recording: { legs: { [CUSTOMER]: planted } },
      conversations: { media: [entryOf(RE_CUSTOMER)] },
    });
    expect(await repairMediaEntries(TASK, undefined, deps(twilio))).toBe('repaired');
    expect((twilio.taskAttributes(TASK).conversations as { media: unknown[] }).media).toEqual([]);
  });
});
