// Instruction-count probe: a whole run in one process (runScenario with workers: 0, then the
// report's files, charts included), on the baseline scenario. Prints a hash of every file's bytes.
// Usage: node bench/probes/runCount.mjs <distDir> [paths=20480]
import path from 'node:path';
import { createHash } from 'node:crypto';
const dist = path.resolve(process.argv[2] ?? 'dist');
const paths = Number(process.argv[3] ?? 20480);
const t = [performance.now()];
const { loadScenario, runScenario, reportFiles } = await import(path.join(dist, 'index.js'));
t.push(performance.now());
const scenario = loadScenario(path.join(dist, '../scenarios/baseline.json'));
t.push(performance.now());
const report = await runScenario(scenario, { runs: paths, seed: 1, workers: 0 });
t.push(performance.now());
const files = await reportFiles(report);
t.push(performance.now());
const h = createHash('sha256');
for (const name of Object.keys(files).sort()) h.update(name).update(files[name]);
const steps = ['import', 'load+validate', 'run', 'files'].map((s, i) => `${s} ${(t[i + 1] - t[i]).toFixed(0)} ms`);
console.log(paths, 'paths;', steps.join(', '), '; files', Object.keys(files).length, h.digest('hex').slice(0, 16));
