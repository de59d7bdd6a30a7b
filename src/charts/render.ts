import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Render a Vega-Lite spec to an SVG string, headless (no DOM, no canvas): the page shows the chart
 * with scripts disabled, and the bytes depend only on the spec.
 *
 * @example
 * const svg = await renderSvg(fanChartSpec(report, 'trade.turnover')); // '<svg …>…</svg>'
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vegaSpec } = compile(spec);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
