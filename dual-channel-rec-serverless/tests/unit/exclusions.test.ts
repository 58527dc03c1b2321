import { ApiError } from '../../src/http/api-error';
import { checkNotExcluded } from '../../src/steps/exclusions';
import { createExclusionSettingsCache } from '../helpers/task-attributes';
import { parseExclusionSettings } from '@dual-channel-recording/contract';
import { TwilioApiError } from '../../src/twilio/errors';
import type { TaskSnapshot } from '../../src/twilio/gateway';
import { FakeTwilio } from '../helpers/fake-gateway';
import { TASK } from '../helpers/sids';

const MEDICAL = `WQ${'0'.repeat(31)}9`;

function task(overrides: Partial<TaskSnapshot> = {}): TaskSnapshot {
  return {
    sid: TASK,
    assignmentStatus: 'assigned',
    queueSid: `WQ${'0'.repeat(31)}1`,
    queueName: 'Sales',
    attributes: {},
    etag: '"1"',
    ...overrides,
  };
}

function refusal(t: TaskSnapshot, uiAttributes: unknown): ApiError | undefined {
  try {
    checkNotExcluded(t, parseExclusionSettings(uiAttributes));
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

describe('checkNotExcluded', () => {
  const ui = {
    dual_channel_recording: {
      exclude_queues: ['Medical', MEDICAL],
      exclude_attributes: [{ path: 'customers.segment', value: ['vip'] }],
    },
  };

  it('refuses a task in an excluded queue, by TaskRouter queue name or WQ SID, with 403 recording_excluded and the exclusion', () => {
    expect(refusal(task({ queueName: 'Medical' }), ui)?.toBody()).toMatchObject({
      status: 403,
      code: 'recording_excluded',
      exclusion: { kind: 'queue', queue: 'Medical' },
    });
    expect(refusal(task({ queueSid: MEDICAL, queueName: 'Renamed' }), ui)?.toBody()).toMatchObject({
      exclusion: { kind: 'queue', queue: MEDICAL },
    });
  });

  it('refuses a task whose attributes match a rule, and records everything else', () => {
    const vip = task({ attributes: { customers: [{ segment: 'gold' }, { segment: 'vip' }] } });
    expect(refusal(vip, ui)?.toBody()).toMatchObject({
      exclusion: { kind: 'attribute', path: 'customers.segment', value: 'vip' },
    });
    expect(refusal(task({ attributes: { customers: { segment: 'gold' } } }), ui)).toBeUndefined();
    expect(refusal(task(), {})).toBeUndefined();
    expect(refusal(task(), null)).toBeUndefined();
  });

  it.each([
    [
      { dual_channel_recording: { exclude_queues: 'Medical' } },
      'ui_attributes.dual_channel_recording.exclude_queues',
    ],
    [
      { dual_channel_recording: { exclude_queues: ['ok', ''] } },
      'ui_attributes.dual_channel_recording.exclude_queues[1]',
    ],
    [
      { dual_channel_recording: { exclude_attributes: [{ path: 'a..b', value: 1 }] } },
      'ui_attributes.dual_channel_recording.exclude_attributes[0].path',
    ],
    [{ dual_channel_recording: 'on' }, 'ui_attributes.dual_channel_recording'],
  ])('refuses every start as a configuration problem when the settings do not parse (%j)', (bad, setting) => {
    expect(refusal(task(), bad)?.toBody()).toMatchObject({ status: 500, code: 'invalid_setting', setting });
  });
});

describe('createExclusionSettingsCache', () => {
  it('reads the Flex configuration once per account while fresh, and again after the cache time', async () => {
    const fake = new FakeTwilio();
    fake.flexUiAttributes = { dual_channel_recording: { exclude_queues: ['Medical'] } };
    const cache = createExclusionSettingsCache();
    const gateway = fake.gateway();
    const read = (g: typeof gateway, now: number) => cache(g, now, 30_000);
    await Promise.all([read(gateway, 0), read(gateway, 10)]);
    await read(gateway, 29_999);
    expect(fake.count('fetchFlexUiAttributes')).toBe(1);
    fake.flexUiAttributes = {};
    const later = await read(gateway, 30_000);
    expect(fake.count('fetchFlexUiAttributes')).toBe(2);
    expect(later).toEqual({ ok: true, settings: { excludeQueues: [], excludeAttributes: [] } });
  });

  it('does not keep a failed read: the next request asks again', async () => {
    const fake = new FakeTwilio();
    const cache = createExclusionSettingsCache();
    const read = (g: ReturnType<FakeTwilio['gateway']>, now: number) => cache(g, now, 30_000);
    fake.before('fetchFlexUiAttributes', async () => {
      throw new TwilioApiError('Service Unavailable', 503, 20503);
    });
    await expect(read(fake.gateway(), 0)).rejects.toMatchObject({ status: 503 });
    await expect(read(fake.gateway(), 1)).resolves.toMatchObject({ ok: true });
    expect(fake.count('fetchFlexUiAttributes')).toBe(2);
  });
});
