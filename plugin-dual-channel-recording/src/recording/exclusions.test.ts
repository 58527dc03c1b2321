import { aTask } from '../test/builders';
import { findExclusion, valuesAtPath } from './exclusions';

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
