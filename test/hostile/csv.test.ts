import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActualsError, readActuals } from '../../src/backtest/actuals.js';
import { tempDir } from './harness.js';

const known = new Set(['trade.turnover']);

function actualsError(text: string): string {
  const file = path.join(tempDir('csv'), 'actuals.csv');
  writeFileSync(file, text);
  try {
    readActuals(file, known);
  } catch (e) {
    expect(e).toBeInstanceOf(ActualsError);
    return (e as Error).message.replace(file, '<file>');
  }
  return 'accepted';
}

describe('user CSV (backtest --actuals) is parsed strictly', () => {
  it('an unterminated quote is an error, not the following rows swallowed into a field', () => {
    expect(actualsError('series,year,value\ntrade.turnover,2025,"30\ntrade.turnover,2026,31\n')).toMatch(/^<file>:\d+: malformed CSV: .*quote/i);
  });

  it('a quote in mid-field is an error with its line', () => {
    expect(actualsError('series,year,value\ntrade.turnover,2025,30\ntrade.turnover,20"26,31\n')).toMatch(/^<file>:3: malformed CSV: /);
  });

  it('a folder or a FIFO as the actuals file is refused by name', () => {
    const dir = tempDir('csv-dir');
    mkdirSync(path.join(dir, 'a.csv'));
    expect(() => readActuals(path.join(dir, 'a.csv'), known)).toThrow(`${path.join(dir, 'a.csv')}: is a folder, not a file`);
  });

  it('a well-formed file with a BOM and quoted fields still reads', () => {
    const file = path.join(tempDir('csv-ok'), 'ok.csv');
    writeFileSync(file, '\uFEFFseries,year,value,source\ntrade.turnover,2025,300.5,"customs, 2026"\n');
    expect(readActuals(file, known).observations).toEqual([{ series: 'trade.turnover', year: 2025, value: 300.5, unit: '', quality: 'reported', source: 'customs, 2026' }]);
  });
});
