/**
 * Reading one request parameter from the untyped event. twilio-run and the deployed runtime merge
 * query string and body (form-encoded or JSON) into `event`; a repeated form field arrives as an
 * array, `a[b]=1` in a query as an object, and JSON can carry any type. Only one plain string per
 * parameter is accepted.
 */
import { isSid } from '@dual-channel-recording/contract';

/** A parameter that did not parse. */
export interface ParamProblem {
  field: string;
  reason: string;
}

/** A parse result: the typed value, or the first problem with the field it is about. */
export type Parsed<P> = { ok: true; params: P } | { ok: false; problem: ParamProblem };

/** One field's value, or the problem with it. */
export type FieldResult = { value: string } | { problem: ParamProblem };

/** Describes a value's type for messages without echoing the value (it may be sensitive). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list (was the field sent more than once?)';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** One required field holding a single non-empty string. */
export function stringField(event: Record<string, unknown>, field: string): FieldResult {
  const raw = event[field];
  if (raw === undefined || raw === '') return { problem: { field, reason: `${field} is required` } };
  if (typeof raw !== 'string') {
    return { problem: { field, reason: `${field} must be a single string, not ${describeType(raw)}` } };
  }
  return { value: raw };
}

/** One required SID field: a single string with the given prefix. */
export function sidField(
  event: Record<string, unknown>,
  field: string,
  prefix: string,
  what: string,
): FieldResult {
  const result = stringField(event, field);
  if ('problem' in result) return result;
  if (!isSid(result.value, prefix)) {
    return { problem: { field, reason: `${field} must be ${what}: ${prefix} followed by 32 hex digits` } };
  }
  return result;
}
