/**
 * Writes the run's pictures beside the report (docs/bench/*.svg) and says where they are, so the
 * report links exactly the pictures of its own run.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { TopLevelSpec } from 'vega-lite';
import type { BurstFigure } from '../burst/runBurst';
import type { HeadFigure } from '../figures/head';
import type { RoundTripRow } from '../figures/roundTrips';
import { burstChartSpec } from './burstChart';
import type { HeadBudget } from './headChart';
import { headChartSpec } from './headChart';
import { renderSvg } from './renderSvg';
import type { RequestsBudget } from './requestsChart';
import { requestsChartSpec } from './requestsChart';
import { twilioRunMode } from '../burst/twilioRunMode';

/** A written picture: its alt text and its path relative to the report. */
export interface ChartLink {
  readonly title: string;
  readonly href: string;
}

/** The pictures of one run (undefined or empty where the figure did not run). */
export interface ChartLinks {
  readonly head: ChartLink | undefined;
  readonly requests: ChartLink | undefined;
  readonly bursts: readonly ChartLink[];
}

/** What the pictures are drawn from. */
export interface ChartInputs {
  readonly head: HeadFigure;
  readonly roundTrips: readonly RoundTripRow[];
  readonly bursts: readonly BurstFigure[];
  readonly budgets: HeadBudget & RequestsBudget;
}

/**
 * Renders every picture into `dir` (emptied of earlier SVGs first, so no picture of an older run stays
 * linked) and returns the links relative to `reportDir`.
 */
export async function writeCharts(inputs: ChartInputs, dir: string, reportDir: string): Promise<ChartLinks> {
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir).filter((f) => f.endsWith('.svg'))) rmSync(path.join(dir, old));
  const write = async (name: string, title: string, spec: TopLevelSpec): Promise<ChartLink> => {
    const file = path.join(dir, `${name}.svg`);
    writeFileSync(file, await renderSvg(spec));
    return { title, href: path.relative(reportDir, file).split(path.sep).join('/') };
  };
  const head =
    inputs.head.perCall.length > 0
      ? await write(
          'head-of-conversation',
          "Head of the conversation per call: Flex's arrival and our share",
          headChartSpec(inputs.head, inputs.budgets),
        )
      : undefined;
  const requests = inputs.roundTrips.some((r) => r.endpointsPerRecording.length > 0)
    ? await write(
        'requests-per-recorded-call',
        'Twilio requests per recorded call by call type and channel, split by endpoint',
        requestsChartSpec(inputs.roundTrips, inputs.budgets),
      )
    : undefined;
  const bursts: ChartLink[] = [];
  for (const burst of inputs.bursts) {
    const mode = twilioRunMode(burst);
    bursts.push(
      await write(
        `burst-${burst.scenario.id}-${mode}`,
        `Burst over time: ${burst.scenario.label} (${mode})`,
        burstChartSpec(burst),
      ),
    );
  }
  return { head, requests, bursts };
}
