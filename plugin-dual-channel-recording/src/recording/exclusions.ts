import type { AttributeExclusion, AttributeValue, RecordingConfig } from '../config/recordingConfig';
import type { TaskLike } from './types';

/** Why a task is not recorded by configuration. */
export type Exclusion =
  | { readonly kind: 'queue'; readonly queue: string }
  | { readonly kind: 'attribute'; readonly path: string; readonly value: AttributeValue };

const WORKSPACE_QUEUE_SID = /^WQ[0-9a-fA-F]{32}$/;

/**
 * Every value found at `segments` inside `root`. Arrays met on the way (or at the end) are searched
 * element by element, so `customers.segment` finds "vip" in `{ customers: [{ segment: "vip" }] }`
 * and in `{ customers: { segment: ["gold", "vip"] } }`.
 */
export function valuesAtPath(root: unknown, segments: readonly string[]): unknown[] {
  const flatten = (values: unknown[]): unknown[] =>
    values.flatMap((v) => (Array.isArray(v) ? flatten(v as unknown[]) : [v]));
  let current: unknown[] = [root];
  for (const segment of segments) {
    current = flatten(current).flatMap((node) =>
      typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, segment)
        ? [(node as Record<string, unknown>)[segment]]
        : [],
    );
  }
  return flatten(current);
}

function matchAttribute(attributes: unknown, rule: AttributeExclusion): AttributeValue | undefined {
  const found = valuesAtPath(attributes, rule.segments);
  return rule.values.find((wanted) => found.some((value) => value === wanted));
}

/**
 * Returns the first configured exclusion the task matches, or undefined to record it. Queue entries
 * that look like WQ SIDs compare with the task's queue SID, others with its queue name (exact, as
 * TaskRouter names are case-sensitive). Attribute values compare with `===`.
 */
export function findExclusion(
  task: Pick<TaskLike, 'queueName' | 'queueSid' | 'attributes'>,
  config: Pick<RecordingConfig, 'excludeQueues' | 'excludeAttributes'>,
): Exclusion | undefined {
  for (const queue of config.excludeQueues) {
    const hit = WORKSPACE_QUEUE_SID.test(queue) ? task.queueSid === queue : task.queueName === queue;
    if (hit) return { kind: 'queue', queue };
  }
  for (const rule of config.excludeAttributes) {
    const value = matchAttribute(task.attributes, rule);
    if (value !== undefined) return { kind: 'attribute', path: rule.path, value };
  }
  return undefined;
}
