import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE_SERIES } from '../src/engine/series.js';
import { RUN_SETTING_LIMITS } from '../src/scenario/runOptions.js';
import { BASELINE_SERIES, root, scenarioFile } from './helpers.js';

/** The CLI as scripts and pipelines use it: --json, --quiet, EASTWARD_* variables, widths, series, new, help. */
const cli = path.join(root, 'dist', 'bin.js');

/** Run the built CLI with only the environment given (plus PATH), so a developer's EASTWARD_* cannot leak in. */
function eastward(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '', FORCE_COLOR: '0', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'eastward-script-'));
}

function badScenario(dir: string): string {
  const bad = path.join(dir, 'bad.json');
  const doc = JSON.parse(readFileSync(scenarioFile('baseline.json'), 'utf8'));
  doc.energy.crude.volumeVolatility = 'volatile';
  writeFileSync(bad, JSON.stringify(doc));
  return bad;
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/bin.js is missing: run `npm run build`');
});

describe('--json', () => {
  it('run prints one JSON document: the report as report.json holds it and the files written; no table on stdout', () => {
    const out = path.join(tempDir(), 'r');
    const r = eastward(['run', scenarioFile('baseline.json'), '--runs', '2048', '--seed', '3', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, command: 'run', outDir: out });
    expect(doc.report).toEqual(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(doc.files).toEqual(expect.arrayContaining([path.join(out, 'report.json'), path.join(out, 'summary.csv'), path.join(out, 'report.html')]));
    for (const f of doc.files) expect(existsSync(f), f).toBe(true);
    expect(r.stdout).not.toContain('median [P10–P90]');
    expect(r.stderr).toContain('paths × 11 years'); // information still goes to stderr
  });

  it('npx eastward run … --json pipes into JSON.parse (the issue\'s acceptance command)', () => {
    const out = path.join(tempDir(), 'npx');
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const r = spawnSync(npx, ['--no-install', 'eastward', 'run', 'scenarios/baseline.json', '--runs', '2048', '--out', out, '--json'], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const parsed = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(0)).report.runs))'], { input: r.stdout, encoding: 'utf8' });
    expect(parsed.status, parsed.stderr).toBe(0);
    expect(parsed.stdout).toBe('2048');
  });

  it('validate prints { files: [{ file, valid, problems: [{ pointer, message }] }] } and keeps exit 2', () => {
    const bad = badScenario(tempDir());
    const good = scenarioFile('baseline.json');
    const r = eastward(['validate', good, bad, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      command: 'validate',
      files: [
        { file: good, valid: true, problems: [] },
        { file: bad, valid: false, problems: [{ file: bad, pointer: '/energy/crude/volumeVolatility', message: 'must be number (got "volatile")' }] },
      ],
    });
    expect(r.stderr.trim()).toBe(`${bad}: /energy/crude/volumeVolatility: must be number (got "volatile")`);
    const ok = eastward(['validate', good, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).ok).toBe(true);
  });

  it('a failure still prints one document, with the errors, and the usual exit code', () => {
    const dir = tempDir();
    const badRun = eastward(['run', badScenario(dir), '--out', path.join(dir, 'o'), '--json']);
    expect(badRun.code).toBe(2);
    expect(JSON.parse(badRun.stdout)).toEqual({ ok: false, command: 'run', exitCode: 2, errors: [{ file: path.join(dir, 'bad.json'), pointer: '/energy/crude/volumeVolatility', message: 'must be number (got "volatile")' }] });
    const badFlag = eastward(['run', scenarioFile('baseline.json'), '--runs', 'many', '--json']);
    expect(badFlag.code).toBe(2);
    const doc = JSON.parse(badFlag.stdout);
    expect(doc).toMatchObject({ ok: false, command: 'run', exitCode: 2 });
    expect(doc.errors[0].message).toContain('--runs must be a whole number from 1 to 100000000');
  });

  it('compare prints the comparison rows (comparison.csv as objects) and the questions per scenario', () => {
    const out = path.join(tempDir(), 'c');
    const r = eastward(['compare', scenarioFile('baseline.json'), scenarioFile('high-oil.json'), '--runs', '1024', '--workers', '0', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: true, command: 'compare', reference: 'baseline' });
    const csvLines = readFileSync(path.join(out, 'comparison.csv'), 'utf8').trim().split('\n');
    expect(doc.rows).toHaveLength(csvLines.length - 1);
    expect(Object.keys(doc.rows[0])).toEqual(csvLines[0].split(','));
    const q = doc.questions.find((x: { id: string }) => x.id === 'turnover-300-2030');
    expect(Object.keys(q.answers)).toEqual(['baseline', 'high-oil']);
    expect(r.stdout).not.toContain('Medians and bands by scenario');
  });

  it('batch and backtest print their documents; batch keeps exit 2 for an invalid file', () => {
    const dir = tempDir();
    const b = eastward(['batch', scenarioFile('baseline.json'), badScenario(dir), '--runs', '1024', '--workers', '0', '--out', path.join(dir, 'b'), '--json']);
    expect(b.code).toBe(2);
    const batch = JSON.parse(b.stdout);
    expect(batch).toMatchObject({ ok: false, command: 'batch', counts: { ran: 1, unchanged: 0, invalid: 1, failed: 0 } });
    expect(batch.scenarios.map((e: { status: string }) => e.status)).toEqual(['ran', 'invalid']);
    const t = eastward(['backtest', '--as-of', '2021', '--runs', '256', '--out', path.join(dir, 'bt'), '--json']);
    expect(t.code, t.stderr).toBe(0);
    const backtest = JSON.parse(t.stdout);
    expect(backtest).toMatchObject({ ok: true, command: 'backtest' });
    expect(backtest.backtest).toEqual(JSON.parse(readFileSync(path.join(dir, 'bt', 'backtest.json'), 'utf8')));
  });
});

describe('--quiet', () => {
  it('run prints no progress and no information on stderr, and still its tables on stdout', () => {
    const out = path.join(tempDir(), 'q');
    // Enough paths that the progress bar would show on a slow machine; --quiet must silence it whatever the speed.
    const r = eastward(['run', scenarioFile('baseline.json'), '--runs', '60000', '--workers', '2', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/trade\.turnover +USD bn/);
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
    const loud = eastward(['run', scenarioFile('baseline.json'), '--runs', '1024', '--out', path.join(tempDir(), 'l')]);
    expect(loud.stderr).toContain('paths × 11 years');
  });

  it('errors are still printed: a bad scenario, and the problems of an invalid file in a batch', () => {
    const dir = tempDir();
    const bad = badScenario(dir);
    const r = eastward(['run', bad, '--out', path.join(dir, 'o'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${bad}: /energy/crude/volumeVolatility: must be number (got "volatile")`);
    const b = eastward(['batch', scenarioFile('baseline.json'), bad, '--runs', '1024', '--workers', '0', '--out', path.join(dir, 'b'), '--quiet']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(`invalid: ${bad}\n  ${bad}: /energy/crude/volumeVolatility: must be number (got "volatile")\n`);
  });

  it('backtest --quiet drops the progress lines and keeps warnings; --json still prints its document', () => {
    const dir = tempDir();
    const loud = eastward(['backtest', '--as-of', '2021', '--runs', '256', '--out', path.join(dir, 'a')]);
    expect(loud.code, loud.stderr).toBe(0);
    expect(loud.stderr).toContain('wrote ');
    const quiet = eastward(['backtest', '--as-of', '2021', '--runs', '256', '--out', path.join(dir, 'b'), '--quiet', '--json']);
    expect(quiet.code, quiet.stderr).toBe(0);
    // Warnings (series the data cannot score) stay; progress and "wrote …" go.
    const lines = quiet.stderr.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.startsWith('warning: ')), quiet.stderr).toBe(true);
    expect(loud.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: ')).length).toBeGreaterThan(1);
    expect(JSON.parse(quiet.stdout).ok).toBe(true);
  });
});

describe('EASTWARD_* environment variables', () => {
  it('fill --runs, --seed, --workers and --out when the flags are absent; a flag wins', () => {
    const dir = tempDir();
    const out = path.join(dir, 'env');
    const r = eastward(['run', scenarioFile('baseline.json'), '--json', '--quiet'], { EASTWARD_RUNS: '1024', EASTWARD_SEED: '5', EASTWARD_WORKERS: '0', EASTWARD_OUT: out });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.outDir).toBe(out);
    expect(doc.report).toMatchObject({ runs: 1024, seed: 5 });
    expect(existsSync(path.join(out, 'report.json'))).toBe(true);
    const flag = eastward(['run', scenarioFile('baseline.json'), '--runs', '2048', '--seed', '6', '--out', path.join(dir, 'flag'), '--json', '--quiet'], { EASTWARD_RUNS: '1024', EASTWARD_SEED: '5', EASTWARD_OUT: out });
    expect(flag.code, flag.stderr).toBe(0);
    expect(JSON.parse(flag.stdout)).toMatchObject({ outDir: path.join(dir, 'flag'), report: { runs: 2048, seed: 6 } });
  });

  it('EASTWARD_OUT satisfies batch\'s required --out', () => {
    const out = path.join(tempDir(), 'batch');
    const r = eastward(['batch', scenarioFile('pos2-never.json'), '--runs', '1024', '--quiet'], { EASTWARD_OUT: out, EASTWARD_WORKERS: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(eastward(['batch', scenarioFile('pos2-never.json')]).code).toBe(2);
  });

  it('a bad value is refused like a bad flag: exit 2, the variable named, the flag\'s own range, nothing written', () => {
    const dir = tempDir();
    const cases: Array<[string, string, string[]]> = [
      ['EASTWARD_WORKERS', String(RUN_SETTING_LIMITS.workers.max + 1), ['run', scenarioFile('baseline.json')]],
      ['EASTWARD_RUNS', '0', ['compare', scenarioFile('baseline.json'), scenarioFile('high-oil.json')]],
      ['EASTWARD_SEED', '-1', ['backtest', '--as-of', '2021']],
      ['EASTWARD_RUNS', '', ['batch', scenarioFile('baseline.json')]],
    ];
    for (const [name, value, args] of cases) {
      const out = path.join(dir, `${name}-${args[0]}`);
      const r = eastward(args, { [name]: value, EASTWARD_OUT: out });
      expect(r.code, `${name}=${value} ${args[0]}`).toBe(2);
      const setting = name.replace('EASTWARD_', '').toLowerCase() as 'runs' | 'seed' | 'workers';
      expect(r.stderr).toContain(`from env '${name}' is invalid. --${setting} must be a whole number from ${RUN_SETTING_LIMITS[setting].min} to ${RUN_SETTING_LIMITS[setting].max}`);
      expect(existsSync(out), out).toBe(false);
    }
  });

  it('--help names the variables: each option, and an Environment section', () => {
    const top = eastward(['--help']);
    for (const name of ['EASTWARD_RUNS', 'EASTWARD_SEED', 'EASTWARD_WORKERS', 'EASTWARD_OUT']) expect(top.stdout).toContain(name);
    for (const command of ['run', 'compare', 'batch', 'backtest', 'sensitivity']) {
      const help = eastward([command, '--help']).stdout.replace(/\s+/g, ' ');
      for (const v of ['EASTWARD_RUNS', 'EASTWARD_SEED', 'EASTWARD_WORKERS', 'EASTWARD_OUT']) expect(help, `${command} ${v}`).toContain(`env: ${v})`);
    }
  });
});

describe('stdout tables fit the terminal', () => {
  it('run and compare print nothing wider than 100 columns when piped', () => {
    const dir = tempDir();
    const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
    const run = eastward(['run', scenarioFile('baseline.json'), '--runs', '2048', '--out', path.join(dir, 'r'), '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(widest(run.stdout), run.stdout).toBeLessThanOrEqual(100);
    expect(run.stdout).toMatch(/^question +probability {2}± MC error$/m);
    const compare = eastward(['compare', scenarioFile('baseline.json'), scenarioFile('high-oil.json'), scenarioFile('pos2-never.json'), '--runs', '1024', '--workers', '0', '--out', path.join(dir, 'c'), '--quiet']);
    expect(compare.code, compare.stderr).toBe(0);
    expect(widest(compare.stdout), compare.stdout).toBeLessThanOrEqual(100);
  });
});

describe('eastward series', () => {
  it('lists every series with unit and description, within 100 columns; --json gives the same list', () => {
    const r = eastward(['series']);
    expect(r.code, r.stderr).toBe(0);
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
    for (const s of BASELINE_SERIES) expect(r.stdout).toMatch(new RegExp(`^${s.name.replace('.', '\\.')} +${s.unit.replace(/[/()]/g, '\\$&').split(' ')[0]}`, 'm'));
    const j = eastward(['series', '--json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.series.map((s: { name: string; unit: string; description: string }) => [s.name, s.unit, s.description])).toEqual(BASELINE_SERIES.map((s) => [s.name, s.unit, s.description]));
    expect(doc.series.filter((s: { headline: boolean }) => s.headline).map((s: { name: string }) => s.name)).toEqual([...HEADLINE_SERIES]);
  });
});

describe('eastward new', () => {
  it('writes a scenario extending the library one, with $schema and an id from the file name, that validates and runs from another folder', () => {
    const dir = tempDir();
    const file = path.join(dir, 'my work', 'Cheap Oil 2026.json');
    const r = eastward(['new', file, '--from', 'high-oil']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ extends: 'eastward/scenarios/high-oil.json', id: 'cheap-oil-2026' });
    expect(typeof doc.name).toBe('string');
    expect(typeof doc.description).toBe('string');
    expect(readFileSync(path.resolve(path.dirname(file), doc.$schema), 'utf8')).toBe(readFileSync(path.join(root, 'schemas', 'scenario.schema.json'), 'utf8'));
    expect(eastward(['validate', file]).code).toBe(0);
    const run = eastward(['run', file, '--runs', '1024', '--out', path.join(dir, 'out'), '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const high = eastward(['run', scenarioFile('high-oil.json'), '--runs', '1024', '--seed', String(JSON.parse(run.stdout).report.seed), '--out', path.join(dir, 'high'), '--json', '--quiet']);
    // Nothing overridden: the same numbers as the library scenario it extends.
    expect(JSON.parse(run.stdout).report.series).toEqual(JSON.parse(high.stdout).report.series);
  });

  it('defaults to the baseline, refuses to overwrite, and refuses a library specifier that climbs out', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mine.json');
    expect(eastward(['new', file]).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).extends).toBe('eastward/scenarios/baseline.json');
    writeFileSync(file, '{ "keep": "me" }\n');
    const again = eastward(['new', file, '--json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${file} already exists; not overwritten`);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, command: 'new', exitCode: 2 });
    expect(readFileSync(file, 'utf8')).toBe('{ "keep": "me" }\n');
    expect(eastward(['new', path.join(dir, 'x.json'), '--from', 'nope']).code).toBe(2);
    const escape = path.join(dir, 'escape.json');
    writeFileSync(escape, JSON.stringify({ extends: 'eastward/scenarios/../package.json', id: 'escape', name: 'n', description: 'd' }));
    const v = eastward(['validate', escape]);
    expect(v.code).toBe(2);
    expect(v.stderr.trim()).toBe(`${escape}: /extends: "eastward/scenarios/../package.json" leads out of the shipped scenario library; parents must lie in that folder tree`);
  });
});

describe('--help', () => {
  const commands = ['run', 'compare', 'batch', 'merge', 'queue submit', 'queue worker', 'validate', 'backtest', 'series', 'new', 'calibrate', 'sensitivity'];

  it('every command shows examples and its exit codes', () => {
    for (const command of commands) {
      const r = eastward([...command.split(' '), '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toMatch(new RegExp(`^Usage: eastward ${command} `, 'm'));
      const examples = r.stdout.slice(r.stdout.indexOf('\nExamples:\n'));
      expect(examples, command).toMatch(new RegExp(`^ {2}\\$ (\\w+=\\S+ )?eastward ${command}\\b`, 'm'));
      expect(r.stdout, command).toMatch(/\nExit codes:\n {2}0 +\S/);
      expect(r.stdout, command).toMatch(/^ {2}2 +\S/m);
    }
  });

  it('marks required options: batch --out in its usage and description, backtest --as-of or --rolling', () => {
    const batch = eastward(['batch', '--help']).stdout;
    expect(batch).toMatch(/^Usage: eastward batch --out <dir> /m);
    expect(batch.replace(/\s+/g, ' ')).toContain('--out <dir> output folder (required: the flag or EASTWARD_OUT)');
    expect(eastward(['backtest', '--help']).stdout.replace(/\s+/g, ' ')).toContain('(this or --rolling is required)');
    const top = eastward(['--help']).stdout;
    expect(top).toContain('Exit codes: 0 ok, 1 the run failed, 2 bad input');
  });

  it('the examples in --help that need no file of the user\'s run as printed', () => {
    for (const command of ['validate', 'series']) {
      const examples = [...eastward([command, '--help']).stdout.matchAll(/^ {2}\$ eastward (.+)$/gm)].map((m) => m[1]).filter((e) => !/[*|>&]|work\/|my\./.test(e));
      expect(examples.length, command).toBeGreaterThan(0);
      for (const e of examples) {
        const r = eastward(e.split(' '));
        expect(r.code, `${e}\n${r.stderr}`).toBe(0);
      }
    }
  });
});
