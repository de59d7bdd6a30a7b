import type { TopLevelSpec } from 'vega-lite';

/**
 * vega and vega-lite, loaded on the first render: a module under them (vega-canvas) uses
 * top-level await, which would make `require('eastward')` fail (a CommonJS require cannot load
 * such an ES module graph).
 */
let renderers: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;

function loadRenderers(): Promise<[typeof import('vega'), typeof import('vega-lite')]> {
  return (renderers ??= Promise.all([import('vega'), import('vega-lite')]));
}

/**
 * Start loading vega and vega-lite now (a second or more of module loading) so that it overlaps
 * work that leaves this thread idle, such as a simulation on the worker pool. A failure is
 * reported by the first render, not here.
 *
 * @example
 * preloadRenderer(); // before awaiting a pool run whose report will have charts
 */
export function preloadRenderer(): void {
  loadRenderers().catch(() => undefined);
}

/**
 * Render a Vega-Lite spec to an SVG string, headless (no DOM, no canvas): the page shows the chart
 * with scripts disabled, and the bytes depend only on the spec.
 *
 * @example
 * const svg = await renderSvg(fanChartSpec(report, 'trade.turnover')); // '<svg …>…</svg>'
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await loadRenderers();
  const { spec: vegaSpec } = vegaLite.compile(spec);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
