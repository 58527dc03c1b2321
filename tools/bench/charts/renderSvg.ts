/**
 * The one renderer of the bench's pictures: a Vega-Lite spec compiled to Vega and rendered to SVG
 * headless in Node (Vega's scenegraph, no canvas, no browser).
 *
 * Vega 5 and Vega-Lite 5, not 6: the 6.x packages are ES modules only, which neither jest 29 (the
 * repository's unit tests) nor scripts/run-ts.js (CommonJS `require`) loads; 5.x ships CommonJS builds.
 */
import { parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';

/** The look every chart shares (font and background), so the pictures read as one set. */
const CONFIG: TopLevelSpec['config'] = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: null },
};

/** Renders a Vega-Lite spec to an SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile({ ...spec, config: { ...CONFIG, ...spec.config } });
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
