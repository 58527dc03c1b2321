import { headFixture } from '../testing/fixtures';
import { HEAD_PARTS, headChartSpec } from './headChart';
import { svgItems } from './readSvg';
import { renderSvg } from './renderSvg';

/** Three calls: Flex's arrival and our share of each. */
const head = headFixture([
  { flexArrival: 350, ourShare: 250 },
  { flexArrival: 380, ourShare: 320 },
  { flexArrival: 340, ourShare: 240 },
]);

describe('headChartSpec', () => {
  it("draws one tick per call for Flex's arrival, our share and the head, apart", async () => {
    const items = svgItems(await renderSvg(headChartSpec(head, { ourShareP99BelowMs: 300 })));
    const ticks = (part: string): number[] =>
      items.filter((i) => i.mark === 'tick' && i.fields.part === part).map((i) => Number(i.fields.ms));
    expect(ticks(HEAD_PARTS.flexArrival)).toEqual([350, 380, 340]);
    expect(ticks(HEAD_PARTS.ourShare)).toEqual([250, 320, 240]);
    expect(ticks(HEAD_PARTS.head)).toEqual([600, 700, 580]);
  });

  it("marks each part's p99 and draws our share's budget as a line at its value", async () => {
    const items = svgItems(await renderSvg(headChartSpec(head, { ourShareP99BelowMs: 300 })));
    const p99 = items.filter((i) => i.mark === 'point').map((i) => [i.fields.part, Number(i.fields.p99)]);
    expect(p99).toEqual([
      [HEAD_PARTS.flexArrival, 380],
      [HEAD_PARTS.ourShare, 320],
      [HEAD_PARTS.head, 700],
    ]);
    const rules = items.filter((i) => i.mark === 'rule mark');
    expect(rules.map((r) => Number(r.fields.budget))).toEqual([300]);
  });
});
