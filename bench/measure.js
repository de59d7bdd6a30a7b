// One measurement per process (so JIT state from one cannot flatter or hurt another).
// Usage: node bench/measure.js <kernel|chunk|pool1|pool2|rss> [paths]
import { loadScenarioFile } from '../dist/scenario/load.js';
import { openWorkerPool, prepareParams, runScenario } from '../dist/report/run.js';
import { PathStreams, pathBufferLength, simulatePath } from '../dist/engine/kernel.js';
import { simulateChunk } from '../dist/engine/simulateChunk.js';

const what = process.argv[2];
const paths = Number(process.argv[3] ?? 100_000);
const { scenario } = loadScenarioFile(new URL('../scenarios/baseline.json', import.meta.url).pathname);
const { params } = prepareParams(scenario);
const years = params.years.length;

function best(trials, run) {
  let rate = 0;
  for (let i = 0; i < trials; i++) {
    const t0 = performance.now();
    const n = run(i);
    rate = Math.max(rate, (n * years) / ((performance.now() - t0) / 1000));
  }
  return rate;
}

let result;
if (what === 'kernel') {
  // The model alone: the scenario's questions (answered after each path) are left out.
  const model = { ...params, questions: [] };
  const out = new Float64Array(pathBufferLength(model));
  const streams = new PathStreams();
  const fn = (seed, i, s, o) => simulatePath(model, seed, i, s, o);
  result = { pathYearsPerSecond: best(6, () => { for (let i = 0; i < paths; i++) fn(1, i, streams, out); return paths; }) };
} else if (what === 'chunk') {
  result = { pathYearsPerSecond: best(4, () => { simulateChunk({ params, seed: 1, startPath: 0, endPath: paths }); return paths; }) };
} else if (what === 'pool1' || what === 'pool2') {
  const pool = openWorkerPool(what === 'pool1' ? 1 : 2);
  try {
    await runScenario(scenario, { runs: 50_000, pool }); // warm the workers
    let rate = 0;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      await runScenario(scenario, { runs: paths, pool });
      rate = Math.max(rate, (paths * years) / ((performance.now() - t0) / 1000));
    }
    result = { pathYearsPerSecond: rate };
  } finally {
    await pool.destroy();
  }
} else if (what === 'rss') {
  const t0 = performance.now();
  await runScenario(scenario, { runs: paths });
  // maxRSS covers the whole process: main thread and its worker threads.
  result = { peakRssMb: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - t0) / 1000 };
} else {
  throw new Error(`unknown measurement ${what}`);
}
process.stdout.write(`${JSON.stringify({ what, paths, years, ...result })}\n`);
