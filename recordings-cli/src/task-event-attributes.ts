import type { TaskEventMeta } from './twilio-gateway';

/** The task attributes a TaskRouter event carries (a JSON string in `task_attributes`); `{}` when unreadable. */
export function taskAttributesOf(event: TaskEventMeta): unknown {
  const raw = event.data.task_attributes;
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return {};
  }
}
