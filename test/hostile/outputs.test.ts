import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMP_PREFIX } from '../../src/io/atomicWrite.js';
import { scenarioFile } from '../helpers.js';
import { baselineDoc, eastwardBounded, eastwardInProcess, tempDir } from './harness.js';

/** The pid of a process that has exited: nothing owns its temporaries any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('output locations are checked before the simulation', () => {
  it('an --out that is a file, or lies under a file, exits 2 at once and writes nothing', () => {
    const dir = tempDir('outfile');
    const file = path.join(dir, 'taken');
    writeFileSync(file, 'not a folder');
    // 50 million paths would run for minutes: the answer must come before any of them.
    const r = eastwardBounded(['run', scenarioFile('baseline.json'), '--runs', '50000000', '--out', file, '--no-progress'], 60_000);
    expect(r.timedOut, 'the simulation ran before the output was checked').toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: --out ${file}: is a file, not a folder`);
    const under = eastwardBounded(['run', scenarioFile('baseline.json'), '--runs', '50000000', '--out', path.join(file, 'sub'), '--no-progress'], 60_000);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(`${file} is a file, so the folder cannot be made`);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('a read-only place (sysfs refuses even root) exits 2 naming it', () => {
    const out = '/sys/eastward-hostile-out';
    const r = eastwardBounded(['run', scenarioFile('baseline.json'), '--runs', '50000000', '--out', out, '--no-progress'], 60_000);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --out \/sys\/eastward-hostile-out: cannot write in \/sys \(E[A-Z]+\)\n$/);
    const b = eastwardBounded(['batch', scenarioFile('baseline.json'), '--out', out, '--runs', '50000000'], 60_000);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('cannot write in /sys');
  });

  it('--table-years outside the projection is refused', async () => {
    const dir = tempDir('years');
    const r = await eastwardInProcess(['run', scenarioFile('baseline.json'), '--runs', '1000', '--table-years', '1999,2030', '--out', path.join(dir, 'o'), '--no-progress']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --table-years 1999: not projected \(the projection covers \d{4}–2035\)\n$/);
    expect(existsSync(path.join(dir, 'o'))).toBe(false);
  });
});

describe('temporaries are removed only when their owner is dead', () => {
  it('a writer killed in the write phase left charts/ temporaries: the next run removes them, a live writer\'s stay', async () => {
    const dir = tempDir('stale');
    const out = path.join(dir, 'out');
    mkdirSync(path.join(out, 'charts'), { recursive: true });
    const dead = `${TEMP_PREFIX}trade.turnover.svg.${deadPid()}`;
    const live = `${TEMP_PREFIX}trade.turnover.svg.${process.ppid}`; // our parent: alive throughout
    writeFileSync(path.join(out, 'charts', dead), 'half');
    writeFileSync(path.join(out, 'charts', live), 'being written');
    const r = await eastwardInProcess(['run', scenarioFile('baseline.json'), '--runs', '1024', '--out', out, '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    const left = readdirSync(path.join(out, 'charts')).filter((n) => n.startsWith(TEMP_PREFIX));
    expect(left).toEqual([live]);
  });
});

describe('user text is inert in every text output', () => {
  it('ANSI escapes, newlines and <script> in a name reach neither the terminal nor report.md raw', async () => {
    const dir = tempDir('text');
    const doc = baselineDoc();
    doc.name = 'Evil\u001b[2J\u001b[31m\n# injected <script>alert(1)</script>';
    doc.questions[0].text = 'Red?\u001b[31m';
    const file = path.join(dir, 'evil.json');
    writeFileSync(file, JSON.stringify(doc));
    const out = path.join(dir, 'out');
    const r = await eastwardInProcess(['run', file, '--runs', '1024', '--out', out, '--no-progress']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout.split('\n')[0]).toBe('Evil\\u001b[2J\\u001b[31m\\n# injected <script>alert(1)</script>');
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).not.toContain('\u001b');
    expect(md).not.toContain('<script>');
    expect(md.split('\n')[0]).toBe('# Evil\\u001b[2J\\u001b[31m # injected &lt;script>alert(1)&lt;/script>');
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).not.toContain('<script>');
  });
});
