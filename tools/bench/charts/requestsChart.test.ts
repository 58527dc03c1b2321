import { roundTripFixture } from '../testing/fixtures';
import { svgItems } from './readSvg';
import { renderSvg } from './renderSvg';
import { requestsChartSpec, shortEndpoint } from './requestsChart';

const TASK = 'GET taskrouter /v1/Workspaces/WS…/Tasks/WT…';
const CREATE = 'POST api /2010-04-01/Accounts/AC…/Calls/CA…/Recordings.json';

const row = roundTripFixture;

const rows = [
  row('inbound', 'customer', { [TASK]: 6, [CREATE]: 1 }),
  row('transfer', 'worker', { [TASK]: 9.5, [CREATE]: 1 }),
];

describe('requestsChartSpec', () => {
  it('draws one bar segment per call type, channel and endpoint, sized by requests per recorded call', async () => {
    const bars = svgItems(await renderSvg(requestsChartSpec(rows, { perRecordedCallAtMost: 12 }))).filter(
      (i) => i.mark === 'bar',
    );
    const segments = bars.map((b) => [b.fields.group, b.fields.endpoint, Number(b.fields.requests)]);
    expect(segments).toEqual(
      expect.arrayContaining([
        ['inbound / customer', shortEndpoint(TASK), 6],
        ['inbound / customer', shortEndpoint(CREATE), 1],
        ['transfer / worker', shortEndpoint(TASK), 9.5],
        ['transfer / worker', shortEndpoint(CREATE), 1],
      ]),
    );
    expect(segments).toHaveLength(4);
  });

  it('draws the budget as a line at its value', async () => {
    const items = svgItems(await renderSvg(requestsChartSpec(rows, { perRecordedCallAtMost: 12 })));
    expect(items.filter((i) => i.mark === 'rule mark').map((r) => Number(r.fields.budget))).toEqual([12]);
  });

  it('shortens endpoints to the method, the host and the path after the account or workspace', () => {
    expect(shortEndpoint(TASK)).toBe('GET taskrouter Tasks/WT…');
    expect(shortEndpoint(CREATE)).toBe('POST api Calls/CA…/Recordings');
  });
});
