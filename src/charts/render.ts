import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');

/**
 * A package's single-file build (vega and vega-lite each ship one beside their ES module entry,
 * the file their `unpkg` field names), evaluated as the CommonJS module its UMD wrapper then
 * takes itself for, with `dependencies` as what it may require. Undefined when there is no such
 * file, or when it fails to evaluate. One file to compile instead of about a hundred modules to resolve, load and link: 130 ms
 * instead of 450 ms on this project's machine, for the same code and the same SVG bytes. (The
 * builds never measure text with the optional `canvas` package; the ES modules do when it is
 * installed, so with it the fallback's SVG bytes would differ. Without it, as here, they agree.)
 */
function singleFileBuild<T>(pkg: string, file: string, dependencies: Readonly<Record<string, unknown>>): T | undefined {
  let location: string;
  try {
    location = path.join(path.dirname(createRequire(import.meta.url).resolve(pkg)), file);
  } catch {
    return undefined;
  }
  if (!existsSync(location)) return undefined;
  const module = { exports: {} as Record<string, unknown> };
  const requireDependency = (id: string): unknown => {
    if (!(id in dependencies)) throw new Error(`${pkg}'s single-file build requires ${id}`);
    return dependencies[id];
  };
  try {
    // The package's own published code (not input): compiled once, like an import.
    new Function('exports', 'module', 'require', readFileSync(location, 'utf8'))(module.exports, module, requireDependency);
  } catch {
    return undefined; // a build that throws on evaluation: the ES modules are the fallback
  }
  return module.exports as T;
}

/**
 * vega and vega-lite, loaded on the first render: their single-file builds when present, else
 * their ES modules. Not at import time: a module under vega's ES entry (vega-canvas) uses
 * top-level await, which would make `require('eastward')` fail (a CommonJS require cannot load
 * such an ES module graph), and most commands never render.
 */
/** Where vega and vega-lite were loaded from. */
export type RendererSource = 'single-file builds' | 'ES modules';

/** The two libraries and where they came from. */
interface Renderers {
  readonly vega: Vega;
  readonly vegaLite: VegaLite;
  readonly source: RendererSource;
}

let renderers: Promise<Renderers> | undefined;

function loadRenderers(): Promise<Renderers> {
  return (renderers ??= (async (): Promise<Renderers> => {
    // Evaluating the builds takes the thread for a while: first let the caller go on (a
    // preloading caller starts its worker pool before this runs).
    await new Promise((resolve) => setImmediate(resolve));
    const vega = singleFileBuild<Vega>('vega', 'vega.min.js', {});
    const vegaLite = vega && singleFileBuild<VegaLite>('vega-lite', 'vega-lite.min.js', { vega });
    if (vega && vegaLite && typeof vega.View === 'function' && typeof vegaLite.compile === 'function') return { vega, vegaLite, source: 'single-file builds' };
    const [modules, liteModules] = await Promise.all([import('vega'), import('vega-lite')]);
    return { vega: modules, vegaLite: liteModules, source: 'ES modules' };
  })());
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
 * Where the renderer was loaded from (loading it if need be): vega's and vega-lite's single-file
 * builds, or their ES modules when a build is missing.
 *
 * @example
 * await rendererSource(); // 'single-file builds'
 */
export async function rendererSource(): Promise<RendererSource> {
  return (await loadRenderers()).source;
}

/**
 * Render a Vega-Lite spec to an SVG string, headless (no DOM, no canvas): the page shows the chart
 * with scripts disabled, and the bytes depend only on the spec.
 *
 * @example
 * const svg = await renderSvg(fanChartSpec(report, 'trade.turnover')); // '<svg …>…</svg>'
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await loadRenderers();
  const { spec: vegaSpec } = vegaLite.compile(spec);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
