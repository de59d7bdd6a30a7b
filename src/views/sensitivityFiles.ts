import { renderSvg } from '../charts/render.js';
import { sobolSpec, TORNADO_BARS, tornadoSpec } from '../charts/sensitivitySpecs.js';
import type { SensitivityResult, SobolResult, TornadoResult } from '../sensitivity/analysis.js';
import { formatValue } from './format.js';
import { escapeHtml, htmlFigure, htmlPage, htmlTable } from './html.js';
import { markdownTable } from './markdown.js';
import type { TextTable } from './tables.js';

const signed = (x: number, unit: string) => (x > 0 ? `+${formatValue(x, unit)}` : formatValue(x, unit));
const share = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** What the analysis cost and how it was made, in one paragraph. */
export function sensitivityMethodLine(r: SensitivityResult): string {
  if (r.method === 'tornado') {
    return `Tornado: each of ${r.levers.length} levers set low and high in turn, everything else at the scenario's values, on the same ${r.runs.toLocaleString('en-US')} paths (seed ${r.seed}; common random numbers, so the changes are the lever's, not Monte Carlo noise). Cost: ${r.evaluations.toLocaleString('en-US')} model evaluations (paths × (2 × levers + 1)).`;
  }
  return `Sobol indices by input group (first order: Saltelli 2010; total: Jansen 1999), from matrices A and B of ${r.runs.toLocaleString('en-US')} paths each (seeds ${r.seed} and ${r.seedB}) and one matrix AB per group that takes the group's random streams from B: ${r.evaluations.toLocaleString('en-US')} model evaluations (N × (groups + 2)). Intervals: ${Math.round(r.bootstrap.level * 100)} % percentile bootstrap over paths, ${r.bootstrap.resamples} resamples.`;
}

function tornadoTables(r: TornadoResult): TextTable[] {
  const leverOf = new Map(r.levers.map((l) => [l.id, l]));
  const tables: TextTable[] = r.outputs.map((o) => ({
    title: `${o.series} in ${o.year} (${o.unit})`,
    caption: `Median ${formatValue(o.base.p50, o.unit)} [P10 ${formatValue(o.base.p10, o.unit)}, P90 ${formatValue(o.base.p90, o.unit)}] ${o.unit}. Change of the median, P10 and P90 with each lever low and high; the ${Math.min(TORNADO_BARS, o.bars.length)} largest effects of ${o.bars.length} levers (sensitivity.json lists all).`,
    header: ['lever', 'low / high setting', 'median: low', 'median: high', 'P10: low', 'P10: high', 'P90: low', 'P90: high'],
    rows: o.bars.slice(0, TORNADO_BARS).map((b) => {
      const l = leverOf.get(b.lever);
      return [b.lever, l ? `${l.low.toPrecision(4)} / ${l.high.toPrecision(4)} (at ${l.base.toPrecision(4)})` : '', signed(b.low.p50, o.unit), signed(b.high.p50, o.unit), signed(b.low.p10, o.unit), signed(b.high.p10, o.unit), signed(b.low.p90, o.unit), signed(b.high.p90, o.unit)];
    }),
    numericColumns: [2, 3, 4, 5, 6, 7],
  }));
  tables.push({
    title: 'Levers',
    caption: 'Every lever found in the scenario, its setting at the scenario\'s value, low and high (a value, a year path\'s scale factor, or a shift in years), and the swing rule (docs/sensitivity.md).',
    header: ['lever', 'kind', 'scenario', 'low', 'high', 'swing'],
    rows: r.levers.map((l) => [l.id, l.kind, l.base.toPrecision(4), l.low.toPrecision(4), l.high.toPrecision(4), l.swing]),
    numericColumns: [2, 3, 4],
  });
  if (r.skipped.length > 0) tables.push({ title: 'Not swung', caption: 'Numbers the walk found but could not swing either way, and why.', header: ['lever', 'reason'], rows: r.skipped.map((s) => [s.id, s.reason]), numericColumns: [] });
  return tables;
}

function sobolTables(r: SobolResult): TextTable[] {
  const tables: TextTable[] = r.outputs.map((o) => ({
    title: `${o.series} in ${o.year} (${o.unit})`,
    caption: o.indices
      ? `Share of the variance (${formatValue(Math.sqrt(o.variance), o.unit)} ${o.unit} standard deviation) that each group explains alone (first order) and with its interactions (total), with ${Math.round(r.bootstrap.level * 100)} % intervals; first orders sum to ${share(o.firstOrderSum ?? Number.NaN)} (the rest is interactions).`
      : 'This output does not vary across paths: no variance to share.',
    header: ['group', 'first order', 'interval', 'total', 'interval'],
    rows: (o.indices ?? []).map((g) => [g.group, share(g.first.estimate), `${share(g.first.low)}–${share(g.first.high)}`, share(g.total.estimate), `${share(g.total.low)}–${share(g.total.high)}`]),
    numericColumns: [1, 2, 3, 4],
  }));
  tables.push({ title: 'Input groups', caption: 'Each group is a set of the kernel\'s random streams (src/engine/kernel.ts).', header: ['group', 'streams', 'what they draw'], rows: r.groups.map((g) => [g.name, g.streams.join(', '), g.description]), numericColumns: [] });
  return tables;
}

/**
 * Every file of a sensitivity analysis, by path relative to its folder: sensitivity.json, .md,
 * .html (self-contained, charts inline as SVG) and charts/sensitivity.<series>.<year>.vl.json + .svg.
 *
 * @example
 * Object.keys(await sensitivityFiles(result)); // ['sensitivity.json', 'sensitivity.md', 'sensitivity.html', 'charts/sensitivity.trade.turnover.2030.vl.json', …]
 */
export async function sensitivityFiles(r: SensitivityResult): Promise<Record<string, string>> {
  const charts = r.method === 'tornado' ? r.outputs.map((o) => ({ o, spec: tornadoSpec(r, o) })) : r.outputs.map((o) => ({ o, spec: sobolSpec(r, o) }));
  const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
  const tables = r.method === 'tornado' ? tornadoTables(r) : sobolTables(r);
  const title = `${r.scenario.name}: ${r.method === 'tornado' ? 'what moves the forecast (tornado)' : 'what the variance comes from (Sobol indices)'}`;
  const figures = charts.map((c, i) => {
    const file = `sensitivity.${c.o.series}.${c.o.year}`;
    return { file, caption: `${c.o.series} in ${c.o.year} (${c.o.unit}).`, svg: svgs[i], specHref: `charts/${file}.vl.json`, svgHref: `charts/${file}.svg`, spec: c.spec };
  });
  const files: Record<string, string> = {
    'sensitivity.json': `${JSON.stringify(r, null, 2)}\n`,
    'sensitivity.md': `# ${title}\n\n${sensitivityMethodLine(r)}\n\n${tables.map(markdownTable).join('\n')}\n### Charts\n\n${figures.map((f) => `![${f.caption}](${f.svgHref})`).join('\n\n')}\n`,
    'sensitivity.html': htmlPage(`${title} — eastward`, `<header>\n<h1>${escapeHtml(title)}</h1>\n<p class="meta">Scenario <code>${escapeHtml(r.scenario.id)}</code>. ${escapeHtml(sensitivityMethodLine(r))}</p>\n</header>\n<section>\n<h2>Charts</h2>\n<div class="charts">\n${figures.map(htmlFigure).join('\n')}\n</div>\n</section>\n${tables.map((t) => htmlTable(t)).join('\n')}`),
  };
  for (const f of figures) {
    files[f.specHref] = `${JSON.stringify(f.spec, null, 2)}\n`;
    files[f.svgHref] = `${f.svg}\n`;
  }
  return files;
}
