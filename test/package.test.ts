import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers.js';

/** The packed tarball installed into a fresh project, as a user gets it (dependencies from the npm cache or registry). */
let project: string;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eastward-pack-'));
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  project = path.join(dir, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(dir, tarball)], { cwd: project, stdio: 'pipe' });
}, 300_000);

function node(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed package in a user\'s project', () => {
  it('require(\'eastward\') works (the default export condition; no top-level await in the graph)', () => {
    const r = node(['-e', "const e = require('eastward'); process.stdout.write([typeof e.runScenario, typeof e.loadScenario, typeof e.renderSvg].join(','))"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('function,function,function');
  });

  it('import.meta.resolve finds the shipped scenarios and schemas as subpaths', () => {
    const r = node(['--input-type=module', '-e', "process.stdout.write(JSON.stringify([import.meta.resolve('eastward/scenarios/baseline.json'), import.meta.resolve('eastward/schemas/scenario.schema.json')]))"]);
    expect(r.code, r.stderr).toBe(0);
    const installed = realpathSync(path.join(project, 'node_modules', 'eastward'));
    expect(JSON.parse(r.stdout).map((u: string) => realpathSync(new URL(u).pathname))).toEqual([path.join(installed, 'scenarios', 'baseline.json'), path.join(installed, 'schemas', 'scenario.schema.json')]);
  });

  it('a scenario in the project extends eastward/scenarios/baseline.json and renders a chart through the installed CLI', () => {
    const cli = path.join(project, 'node_modules', 'eastward', 'dist', 'bin.js');
    expect(node([cli, 'new', 'scenarios/mine.json']).code).toBe(0);
    const r = node([cli, 'run', 'scenarios/mine.json', '--runs', '1024', '--out', 'out', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toContain(path.join('out', 'charts', 'trade.turnover.svg'));
  });
});

describe('what npm pack ships', () => {
  it('is publishable (not private) and holds the code, its types, data, scenarios, schemas and examples — no sources, tests or source maps', () => {
    const manifest = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }))[0] as { files: Array<{ path: string }> };
    const files = manifest.files.map((f) => f.path);
    const pkg = JSON.parse(execFileSync(process.execPath, ['-p', "JSON.stringify(require('./package.json'))"], { cwd: root, encoding: 'utf8' }));
    expect(pkg.private).toBeUndefined();
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/bin.js', 'data/history.csv', 'data/calibration.json', 'scenarios/baseline.json', 'schemas/scenario.schema.json', 'examples/report.ipynb', 'examples/vega-embed.html', 'README.md', 'LICENSE', 'package.json']) expect(files).toContain(f);
    expect(files.filter((f) => /^(src|test|bench|docs|out)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });
});
