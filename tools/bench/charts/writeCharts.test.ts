import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { headFixture } from '../testing/fixtures';
import { writeCharts } from './writeCharts';

const head = headFixture([{ flexArrival: 350, ourShare: 250 }]);

describe('writeCharts', () => {
  let docs: string;
  beforeEach(() => {
    docs = mkdtempSync(path.join(tmpdir(), 'bench-charts-'));
  });
  afterEach(() => rmSync(docs, { recursive: true, force: true }));

  it("writes the run's pictures, removes an older run's, and links them relative to the report", async () => {
    const dir = path.join(docs, 'bench');
    await writeCharts(
      { head, roundTrips: [], bursts: [], budgets: { ourShareP99BelowMs: 300, perRecordedCallAtMost: 12 } },
      dir,
      docs,
    );
    writeFileSync(path.join(dir, 'burst-old-in-process.svg'), '<svg/>');
    const links = await writeCharts(
      { head, roundTrips: [], bursts: [], budgets: { ourShareP99BelowMs: 300, perRecordedCallAtMost: 12 } },
      dir,
      docs,
    );
    expect(links.head?.href).toBe('bench/head-of-conversation.svg');
    expect(links.requests).toBeUndefined();
    expect(links.bursts).toEqual([]);
    expect(readdirSync(dir)).toEqual(['head-of-conversation.svg']);
    expect(readFileSync(path.join(dir, 'head-of-conversation.svg'), 'utf8')).toMatch(/^<svg /);
  });
});
