import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { ScenarioError, formatProblem } from '../../src/scenario/errors.js';
import { baseYear, scenarioFile } from '../helpers.js';
import { baselineDoc, eastwardBounded, eastwardInProcess, tempDir } from './harness.js';

/** A named pipe with no writer: reading it blocks forever. */
function fifo(dir: string, name: string): string {
  const file = path.join(dir, name);
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

function problemsOf(file: string, root?: string): string[] {
  try {
    loadScenarioFile(file, { baseYear, root });
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

function writeJson(file: string, doc: unknown): string {
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('hostile files: FIFOs, devices and folders are refused at once, naming the file', () => {
  it('a FIFO as the scenario, as a parent, and inside a batch folder', () => {
    const dir = tempDir('fifo');
    const pipe = fifo(dir, 'pipe.json');
    const v = eastwardBounded(['validate', pipe]);
    expect(v.timedOut, 'validate blocked on the FIFO').toBe(false);
    expect(v.code).toBe(2);
    expect(v.stderr.trim()).toBe(`${pipe}: /: is a named pipe (FIFO), not a regular file`);

    const child = writeJson(path.join(dir, 'child.json'), { extends: 'pipe.json', id: 'child' });
    const r = eastwardBounded(['run', child, '--out', path.join(dir, 'out'), '--no-progress']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${pipe}: /: is a named pipe (FIFO), not a regular file`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);

    const batchIn = tempDir('fifo-batch');
    fifo(batchIn, 'a-pipe.json');
    const b = eastwardBounded(['batch', batchIn, '--out', path.join(dir, 'batch'), '--runs', '1000', '--workers', '0']);
    expect(b.timedOut, 'batch blocked on the FIFO').toBe(false);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('a-pipe.json: /: is a named pipe (FIFO)');
  });

  it('symbolic links to /dev/zero and /dev/urandom are read without bound no more', () => {
    const dir = tempDir('dev');
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const link = path.join(dir, `${path.basename(device)}.json`);
      symlinkSync(device, link);
      const r = eastwardBounded(['validate', link], 30_000);
      expect(r.timedOut, `validate read ${device} without bound`).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`${link}: /: is a character device, not a regular file`);
    }
  });

  it('a folder as the scenario or as a parent: exit 2 naming it, and validate goes on to the next file', async () => {
    const dir = tempDir('dir');
    mkdirSync(path.join(dir, 'folder.json'));
    const child = writeJson(path.join(dir, 'child.json'), { extends: 'folder.json', id: 'child' });
    const r = await eastwardInProcess(['validate', path.join(dir, 'folder.json'), child, scenarioFile('baseline.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'folder.json')}: /: is a folder, not a file`);
    expect(r.stdout).toContain(`${scenarioFile('baseline.json')}: valid`);
  });
});

describe('hostile JSON: prototype keys, duplicates, huge numbers; BOM and comments accepted', () => {
  it('refuses __proto__, constructor and prototype keys with their pointer, and the value never reaches the scenario', () => {
    const dir = tempDir('proto');
    const text = JSON.stringify(baselineDoc(), null, 2).replace('"oil": {', '"oil": { "__proto__": { "volatilityLog": 1.5 }, "constructor": 1,');
    const file = path.join(dir, 'proto.json');
    writeFileSync(file, text);
    expect(problemsOf(file).sort()).toEqual([`${file}: /oil/__proto__: the key "__proto__" is not allowed (it names JavaScript's object machinery, not a scenario value)`, `${file}: /oil/constructor: the key "constructor" is not allowed (it names JavaScript's object machinery, not a scenario value)`]);
  });

  it('loads objects without a prototype', () => {
    const { scenario } = loadScenarioFile(scenarioFile('baseline.json'), { baseYear });
    expect(Object.getPrototypeOf(scenario.oil)).toBe(null);
  });

  it('refuses a key given twice, naming both lines', () => {
    const dir = tempDir('dup');
    const file = path.join(dir, 'dup.json');
    writeFileSync(file, JSON.stringify(baselineDoc(), null, 2).replace('"horizon": ', '"horizon": 2030,\n  "horizon": '));
    const [p, ...rest] = problemsOf(file);
    expect(rest).toEqual([]);
    expect(p).toMatch(new RegExp(`: /horizon: duplicate key "horizon" on line \\d+ \\(first on line \\d+\\): each key may appear once$`));
  });

  it('reports 1e400 as out of range, not as "got null"', () => {
    const dir = tempDir('big');
    const file = path.join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(baselineDoc(), null, 2).replace(/"jumpStdLog": [^,\n]+/, '"jumpStdLog": 1e400'));
    expect(problemsOf(file)).toEqual([`${file}: /oil/jumpStdLog: 1e400 is out of range (numbers must lie within ±1.8e308)`]);
  });

  it('accepts a UTF-8 byte-order mark and // and /* */ comments, as the README shows', async () => {
    const dir = tempDir('jsonc');
    copyFileSync(scenarioFile('baseline.json'), path.join(dir, 'baseline.json'));
    const file = path.join(dir, 'commented.json');
    writeFileSync(file, `\uFEFF{\n  "extends": "baseline.json", // inherit\n  /* a block\n     comment */ "id": "commented"\n}\n`);
    const r = await eastwardInProcess(['validate', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('still rejects trailing commas, with line and column', () => {
    const dir = tempDir('comma');
    const file = path.join(dir, 'comma.json');
    writeFileSync(file, '{\n  "id": "x",\n}\n');
    expect(problemsOf(file)).toEqual([`${file}:3:1: invalid JSON: property name expected`]);
  });
});

describe('extends stays inside the scenario folder tree and never echoes files outside it', () => {
  it('refuses absolute paths, .. that climbs out and links that lead out; the outside file is not read', () => {
    const top = tempDir('confine');
    const inside = path.join(top, 'scenarios');
    mkdirSync(inside);
    writeFileSync(path.join(top, 'secret.json'), JSON.stringify({ id: 'x', horizon: 'TOP-SECRET-VALUE' }));
    const abs = writeJson(path.join(inside, 'abs.json'), { extends: path.join(top, 'secret.json'), id: 'abs' });
    const up = writeJson(path.join(inside, 'up.json'), { extends: '../secret.json', id: 'up' });
    symlinkSync(path.join(top, 'secret.json'), path.join(inside, 'link.json'));
    const link = writeJson(path.join(inside, 'via-link.json'), { extends: 'link.json', id: 'via' });
    const devLink = path.join(inside, 'dev.json');
    symlinkSync('/etc/passwd', devLink);
    const viaEtc = writeJson(path.join(inside, 'via-etc.json'), { extends: 'dev.json', id: 'etc' });
    expect(problemsOf(abs)).toEqual([`${abs}: /extends: must be a relative path inside the scenario folder ${inside} (got an absolute path)`]);
    expect(problemsOf(up)).toEqual([`${up}: /extends: "../secret.json" leads out of the scenario folder ${inside}; parents must lie in that folder tree (or pass --scenario-root)`]);
    expect(problemsOf(link)).toEqual([`${link}: /extends: "link.json" is a link that leads out of the scenario folder ${inside}`]);
    expect(problemsOf(viaEtc)[0]).toContain('is a link that leads out');
    for (const f of [abs, up, link, viaEtc]) expect(problemsOf(f).join('\n')).not.toMatch(/TOP-SECRET|root:/);
    // An explicit root admits the parent (and then its content is the user's own).
    expect(problemsOf(up, top).join('\n')).toContain('TOP-SECRET-VALUE');
  });

  it('the CLI takes --scenario-root; the hindcast scenario loads with the library folder as its root', async () => {
    const hindcast = scenarioFile('hindcast/2022.json');
    const refused = await eastwardInProcess(['validate', hindcast]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('leads out of the scenario folder');
    expect(problemsOf(hindcast, path.dirname(scenarioFile('baseline.json'))).join('\n')).not.toContain('/extends');
  });
});

describe('problems are attributed to the file and index the user wrote', () => {
  it('a child item merged by id, and a child question, are named in the child at the child\'s index', () => {
    const dir = tempDir('attr');
    const parentDoc = baselineDoc();
    writeJson(path.join(dir, 'parent.json'), parentDoc);
    const projects = parentDoc.energy.pipelineGas.projects as Array<{ id: string }>;
    const last = projects[projects.length - 1];
    const question = { ...parentDoc.questions[0], id: 'child-question', comparison: '==' };
    const child = writeJson(path.join(dir, 'child.json'), { extends: 'parent.json', id: 'child', energy: { pipelineGas: { projects: [{ id: last.id, capacity: -5 }] } }, questions: [question] });
    const problems = problemsOf(child);
    expect(problems).toContain(`${child}: /energy/pipelineGas/projects/0/capacity: must be >= 0 (got -5)`);
    expect(problems.some((p) => p.startsWith(`${child}: /questions/0/comparison: must be one of`))).toBe(true);
    expect(problems.filter((p) => p.startsWith(path.join(dir, 'parent.json')))).toEqual([]);
  });
});

describe('error output is bounded and inert', () => {
  it('150 000 bad items print 50 problems and a count of the rest', async () => {
    const dir = tempDir('many');
    const doc = baselineDoc();
    doc.sources = Object.fromEntries(Array.from({ length: 150_000 }, (_, i) => [`/k${i}`, i]));
    const file = writeJson(path.join(dir, 'many.json'), doc);
    const r = await eastwardInProcess(['validate', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines[50]).toMatch(/^… and 1499[5-9]\d more problems$/);
  });

  it('control characters in keys and names never reach the terminal raw', async () => {
    const dir = tempDir('ansi');
    const doc = baselineDoc();
    doc.oil['\u001b[2J\u001b[31mevil\nline'] = 1;
    const file = writeJson(path.join(dir, 'ansi.json'), doc);
    const r = await eastwardInProcess(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.trimEnd().split('\n')).toEqual([`${file}: /oil/\\u001b[2J\\u001b[31mevil\\nline: is not a known property here`]);
  });
});
