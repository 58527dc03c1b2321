import { NO_ANSWER, TwilioApiError } from '@dual-channel-recording/contract';
import type { FailureReport } from './errors';
import { DeleteFailedError, StorageError, failureReportOf } from './errors';

const forbidden = failureReportOf(new TwilioApiError('Forbidden', 403, 20403));

describe('failureReportOf', () => {
  it.each<[string, unknown, FailureReport]>([
    [
      "a failed Twilio request as twilio-api with Twilio's code and status",
      new TwilioApiError('Recording not found', 404, 20404),
      { reason: 'twilio-api', message: 'Recording not found', code: 20404, status: 404 },
    ],
    [
      'a Twilio request that got no answer with status NO_ANSWER and no code',
      new TwilioApiError('socket hang up', NO_ANSWER, undefined, undefined, 'ECONNRESET'),
      { reason: 'twilio-api', message: 'socket hang up', code: null, status: NO_ANSWER },
    ],
    [
      'a CLI error with its own reason',
      new StorageError('disk full'),
      { reason: 'storage', message: 'disk full', code: null, status: null },
    ],
    [
      "a failed delete with its Twilio cause's code and status",
      new DeleteFailedError('delete failed', forbidden),
      { reason: 'delete-failed', message: 'delete failed', code: 20403, status: 403 },
    ],
    [
      'anything else as unexpected',
      new RangeError('out of range'),
      { reason: 'unexpected', message: 'out of range', code: null, status: null },
    ],
    [
      'a thrown string as unexpected',
      'a string',
      { reason: 'unexpected', message: 'a string', code: null, status: null },
    ],
  ])('reports %s', (_what, thrown, expected) => {
    expect(failureReportOf(thrown)).toEqual(expected);
  });
});
