import type { SandboxState } from '../state';
import { listBody, newestFirst, presentCall } from './api2010';
import type { ApiHandler } from './types';

/** Applies `StartTime`, `StartTime<` and `StartTime>` (a bare date compares by day, as for recordings). */
function startFilter(query: Record<string, unknown>, started: Date): boolean {
  const check = (value: unknown, cmp: (a: number, b: number) => boolean): boolean => {
    if (typeof value !== 'string') return true;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value))
      return cmp(Date.parse(started.toISOString().slice(0, 10)), Date.parse(value));
    return cmp(started.getTime(), Date.parse(value));
  };
  return (
    check(query.StartTime, (a, b) => a === b) &&
    check(query['StartTime<'], (a, b) => a <= b) &&
    check(query['StartTime>'], (a, b) => a >= b)
  );
}

/**
 * `GET /2010-04-01/Accounts/{AC}/Calls.json`: the account's calls, newest first, filtered by `To`
 * and `From` (exact match on the address as Twilio stored it: E.164 for a phone, `client:…` for a
 * Flex agent), `ParentCallSid`, `Status` and the start time. Not modelled: how far back Twilio
 * lists calls (its call logs are not kept forever; the retention was not checked).
 */
export function createCallListHandlers(state: SandboxState): Record<string, ApiHandler> {
  return {
    ListCall: (req) => {
      const { query } = req;
      const calls = newestFirst(
        [...state.calls.values()].filter(
          (c) =>
            c.accountSid === req.account.sid &&
            (query.To === undefined || c.to === query.To) &&
            (query.From === undefined || c.from === query.From) &&
            (query.ParentCallSid === undefined || c.parentCallSid === query.ParentCallSid) &&
            (query.Status === undefined || c.status === query.Status) &&
            startFilter(query, c.startTime),
        ),
      ).map(presentCall);
      return listBody('calls', req.pathname, calls, query, [
        'To',
        'From',
        'ParentCallSid',
        'Status',
        'StartTime',
        'StartTime<',
        'StartTime>',
      ]);
    },
  };
}
