/**
 * What a notebook cell holds: load a scenario, override a lever, run 10⁴ paths in this process,
 * read a series as tidy rows, and get a Vega-Lite spec to display (or an SVG to embed).
 *
 * Run it: `npx tsx examples/notebook.ts` (after `npm ci`). It imports the package by its name,
 * as a notebook that installed eastward would; inside this repository that resolves to dist/.
 */
import { fanChartSpec, loadScenario, renderSvg, runScenario, tidyRows, withOverrides } from 'eastward';

const baseline = loadScenario(new URL('../scenarios/baseline.json', import.meta.url).pathname);

// A lever: Power of Siberia 2 is signed early (start 2029–2030, three chances in four it is built).
const early = withOverrides(baseline, {
  id: 'notebook-pos2-early',
  name: 'Notebook: Power of Siberia 2 signed early',
  energy: { pipelineGas: { projects: [{ id: 'power-of-siberia-2', probabilityBuilt: 0.75, startYear: { earliest: 2029, latest: 2030 } }] } },
});

// 10⁴ paths in this process (workers: 0), on the same seed for both: the difference is the lever's.
const [before, after] = await Promise.all([runScenario(baseline, { runs: 10_000, seed: 7, workers: 0 }), runScenario(early, { runs: 10_000, seed: 7, workers: 0 })]);

// Tidy rows of one series: what a data-frame or a plotting library takes.
const gas = tidyRows(after, ['energy.pipeline_gas']);
const last = gas[gas.length - 1];
const lastBefore = tidyRows(before, ['energy.pipeline_gas']).at(-1)!;
console.log(`pipeline gas to China in ${last.year}: median ${last.p50.toFixed(1)} ${last.unit} with PoS-2 signed early, ${lastBefore.p50.toFixed(1)} ${lastBefore.unit} in the baseline`);

// A Vega-Lite spec with its data inline: a notebook displays it with vega-embed, or as SVG.
const spec = fanChartSpec(after, 'energy.pipeline_gas');
const svg = await renderSvg(spec);
console.log(`fan chart spec: ${JSON.stringify(spec).length} bytes of Vega-Lite; rendered SVG: ${svg.length} bytes`);

// The answers to the scenario's questions, with their Monte Carlo standard errors.
for (const q of after.questions) console.log(`${q.text} ${(q.probability * 100).toFixed(1)} % ± ${(q.standardError * 100).toFixed(1)} %`);

// Machine-readable last line, for the test that runs this example.
console.log(JSON.stringify({ series: last.series, unit: last.unit, year: last.year, p50: last.p50, baselineP50: lastBefore.p50, specMark: 'layer' in spec, svgBytes: svg.length }));
