// Peak-RSS curve of a pool run (runScenario, baseline scenario): samples the process's RSS (main
// thread and worker threads) once a second and prints it against the paths completed, so that
// memory that grows with the number of paths shows as a slope, not only as a final peak.
// Usage: node bench/probes/rssCurve.mjs <distDir> <paths> [workers=1]
import path from 'node:path';
const dist = path.resolve(process.argv[2] ?? 'dist');
const paths = Number(process.argv[3] ?? 1_000_000);
const workers = Number(process.argv[4] ?? 1);
const { loadScenario, runScenario } = await import(path.join(dist, 'index.js'));
const scenario = loadScenario(path.join(dist, '../scenarios/baseline.json'));
let done = 0;
let peak = 0;
const t0 = performance.now();
const sample = () => {
  const rss = process.memoryUsage().rss / 2 ** 20;
  peak = Math.max(peak, rss);
  console.log(`${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s ${String(done).padStart(9)} paths rss ${rss.toFixed(0)} MB`);
};
const timer = setInterval(sample, 5000);
await runScenario(scenario, { runs: paths, workers, onProgress: (p) => (done = p.completedPaths), onWarning: (m) => console.error(`warning: ${m}`) });
clearInterval(timer);
sample();
console.log(`peak sampled ${peak.toFixed(0)} MB, maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
