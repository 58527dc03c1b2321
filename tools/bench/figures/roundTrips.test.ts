import type { RecordingView, RequestLogEntry } from '@dual-channel-recording/twilio-sandbox';
import type { CallSample } from '../browser/runCall';
import { roundTripRow } from './roundTrips';

let seq = 0;

/** One request the sandbox logged, `atMs` after the epoch, answered in 100 ms. */
function request(method: string, host: string, path: string, atMs: number): RequestLogEntry {
  seq += 1;
  return {
    seq,
    at: new Date(atMs).toISOString(),
    atMs,
    method,
    host,
    api: host.split('.')[0],
    path,
    query: '',
    status: 200,
    durationMs: 100,
    fault: null,
    twilioCode: null,
    newConnection: false,
  };
}

const TASK = '/v1/Workspaces/WS' + 'a'.repeat(32) + '/Tasks/WT' + '1'.repeat(32);
const CREATE = '/2010-04-01/Accounts/AC' + 'a'.repeat(32) + '/Calls/CA' + '1'.repeat(32) + '/Recordings.json';

/** A recorded call: a create, a task write, a task read, and `refreshes` Flex configuration reads. */
function sample(refreshes: number): CallSample {
  const requests = [
    request('POST', 'api.twilio.com', CREATE, 1_000),
    request('POST', 'taskrouter.twilio.com', TASK, 1_100),
    request('GET', 'taskrouter.twilio.com', TASK, 1_300),
    ...Array.from({ length: refreshes }, (_, i) =>
      request('GET', 'flex-api.twilio.com', '/v1/Configuration', 1_400 + i),
    ),
  ];
  return {
    type: 'outbound',
    channel: 'worker',
    startedAt: 900,
    endedAt: 2_000,
    connectedAt: 950,
    reservations: [],
    createFetches: [{ url: 'http://functions/create-recording', startAt: 990, endAt: 1_250, status: 201 }],
    timers: [],
    recordings: [{ sid: 'RE' + '1'.repeat(32) } as RecordingView],
    requests,
    callbacks: [],
    settled: true,
  };
}

describe('figure 2 per call type and channel', () => {
  it('leaves the timed Flex configuration refresh out of the median and max, counts it apart, and keeps it in the mean (the picture)', () => {
    // Two of three calls happened to come first after the 30 s cache period ran out.
    const row = roundTripRow('outbound', 'worker', [sample(1), sample(1), sample(0)]);
    expect(row.restPerRecording).toBe(3);
    expect(row.restPerRecordingMax).toBe(3);
    expect(row.configurationRefreshes).toBe(2);
    expect(row.restPerRecordingMean).toBeCloseTo(11 / 3);
    expect(row.endpointsPerRecording).toContainEqual({
      endpoint: 'GET flex-api /v1/Configuration',
      perRecording: 2 / 3,
    });
  });

  it('counts every other request of the call, sink and callbacks alike', () => {
    const row = roundTripRow('outbound', 'worker', [sample(0), sample(0), sample(0)]);
    expect(row.restPerRecording).toBe(3);
    expect(row.configurationRefreshes).toBe(0);
  });
});
