import type { ExcludableTask } from './exclusions';
import { findExclusion, parseExclusionSettings, valuesAtPath } from './exclusions';

/** A task as the plugin and the Functions both see it: TaskRouter's queue fields and the attributes. */
function aTask(overrides: Partial<ExcludableTask> = {}): ExcludableTask {
  return {
    queueName: 'Support',
    queueSid: 'WQ00000000000000000000000000000001',
    attributes: { direction: 'inbound', call_sid: 'CAcustomer' },
    ...overrides,
  };
}

const rule = (path: string, ...values: Array<string | number | boolean>) => ({
  path,
  segments: path.split('.'),
  values,
});

describe('valuesAtPath', () => {
  it('follows objects and searches arrays on the way and at the end', () => {
    expect(valuesAtPath({ a: { b: 1 } }, ['a', 'b'])).toEqual([1]);
    expect(valuesAtPath({ a: [{ b: 1 }, { b: [2, 3] }, { c: 4 }] }, ['a', 'b'])).toEqual([1, 2, 3]);
    expect(valuesAtPath({ a: null }, ['a', 'b'])).toEqual([]);
    expect(valuesAtPath({}, ['toString'])).toEqual([]);
  });
});

describe('findExclusion', () => {
  const none = { excludeQueues: [], excludeAttributes: [] };

  it('records by default', () => {
    expect(findExclusion(aTask(), none)).toBeUndefined();
  });

  it('excludes by queue name (exact) or by WQ SID', () => {
    expect(findExclusion(aTask(), { ...none, excludeQueues: ['Support'] })).toEqual({
      kind: 'queue',
      queue: 'Support',
    });
    expect(findExclusion(aTask(), { ...none, excludeQueues: ['support'] })).toBeUndefined();
    const sid = 'WQ00000000000000000000000000000001';
    expect(findExclusion(aTask(), { ...none, excludeQueues: [sid] })).toEqual({ kind: 'queue', queue: sid });
    expect(
      findExclusion(aTask({ queueName: sid, queueSid: 'WQx' }), { ...none, excludeQueues: [sid] }),
    ).toBeUndefined();
  });

  it('excludes by attribute value, including a value inside an array', () => {
    const task = aTask({ attributes: { customers: { segment: ['gold', 'vip'] }, pci: true } });
    expect(findExclusion(task, { ...none, excludeAttributes: [rule('customers.segment', 'vip')] })).toEqual({
      kind: 'attribute',
      path: 'customers.segment',
      value: 'vip',
    });
    expect(findExclusion(task, { ...none, excludeAttributes: [rule('pci', true)] })).toMatchObject({
      value: true,
    });
    expect(findExclusion(task, { ...none, excludeAttributes: [rule('pci', 'true')] })).toBeUndefined();
    expect(
      findExclusion(task, { ...none, excludeAttributes: [rule('customers.segment', 'silver')] }),
    ).toBeUndefined();
    expect(
      findExclusion(task, { ...none, excludeAttributes: [rule('customers.missing', 'vip')] }),
    ).toBeUndefined();
  });
});

describe('parseExclusionSettings (ui_attributes, as the Flex Configuration API answers it)', () => {
  it('reads exclude_queues and exclude_attributes, and treats absent ones as empty', () => {
    expect(parseExclusionSettings(undefined)).toEqual({
      ok: true,
      settings: { excludeQueues: [], excludeAttributes: [] },
    });
    expect(parseExclusionSettings({ colorTheme: {} })).toMatchObject({ ok: true });
    expect(
      parseExclusionSettings({
        dual_channel_recording: {
          enabled: true,
          exclude_queues: [' Medical '],
          exclude_attributes: [{ path: 'customers.segment', value: ['vip', 3, true] }],
        },
      }),
    ).toEqual({
      ok: true,
      settings: {
        excludeQueues: ['Medical'],
        excludeAttributes: [
          { path: 'customers.segment', segments: ['customers', 'segment'], values: ['vip', 3, true] },
        ],
      },
    });
  });

  it.each([
    [{ dual_channel_recording: 'on' }, 'ui_attributes.dual_channel_recording'],
    [
      { dual_channel_recording: { exclude_queues: 'Medical' } },
      'ui_attributes.dual_channel_recording.exclude_queues',
    ],
    [
      { dual_channel_recording: { exclude_queues: [''] } },
      'ui_attributes.dual_channel_recording.exclude_queues[0]',
    ],
    [
      { dual_channel_recording: { exclude_attributes: {} } },
      'ui_attributes.dual_channel_recording.exclude_attributes',
    ],
    [
      { dual_channel_recording: { exclude_attributes: [7] } },
      'ui_attributes.dual_channel_recording.exclude_attributes[0]',
    ],
    [
      { dual_channel_recording: { exclude_attributes: [{ path: 'a.', value: 1 }] } },
      'ui_attributes.dual_channel_recording.exclude_attributes[0].path',
    ],
    [
      { dual_channel_recording: { exclude_attributes: [{ path: 'a', value: [] }] } },
      'ui_attributes.dual_channel_recording.exclude_attributes[0].value',
    ],
    [
      { dual_channel_recording: { exclude_attributes: [{ path: 'a', value: null }] } },
      'ui_attributes.dual_channel_recording.exclude_attributes[0].value',
    ],
    ['not an object', 'ui_attributes'],
  ])('names the setting that does not parse (%j)', (uiAttributes, setting) => {
    const result = parseExclusionSettings(uiAttributes);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ setting, kind: 'invalid' });
  });
});
