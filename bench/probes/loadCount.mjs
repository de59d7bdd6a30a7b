// Instruction-count probe of a process's fixed cost: import the library, load and validate the
// baseline scenario, prepare the run's parameters. Usage: node bench/probes/loadCount.mjs <distDir>
import path from 'node:path';
const dist = path.resolve(process.argv[2] ?? 'dist');
const t0 = performance.now();
const { loadScenario } = await import(path.join(dist, 'index.js'));
const t1 = performance.now();
const scenario = loadScenario(path.join(dist, '../scenarios/baseline.json'));
const t2 = performance.now();
const { prepareParams } = await import(path.join(dist, 'engine/simulate.js'));
prepareParams(scenario, {});
const t3 = performance.now();
console.log(`import ${(t1 - t0).toFixed(0)} ms, load+validate ${(t2 - t1).toFixed(0)} ms, params ${(t3 - t2).toFixed(0)} ms`);
