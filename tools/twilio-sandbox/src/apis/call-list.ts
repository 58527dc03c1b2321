import type { SandboxState } from '../state';
import { listBody, newestFirst, presentCall } from './api2010';
import { matchesDateFilters } from './date-filter';
import type { ApiHandler } from './types';

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
            matchesDateFilters(query, 'StartTime', c.startTime),
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
