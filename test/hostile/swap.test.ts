import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The rename that moves the new folder in fails once (a full disk, a quota, a racing process):
// node:fs is wrapped so that exactly that rename throws.
const failing = vi.hoisted(() => ({ suffix: '' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    renameSync: (from: string, to: string) => {
      if (failing.suffix !== '' && from.endsWith(failing.suffix)) {
        failing.suffix = '';
        throw Object.assign(new Error(`EIO: i/o error, rename '${from}'`), { code: 'EIO' });
      }
      fs.renameSync(from, to);
    },
  };
});

describe('folder swap', () => {
  it('if the final rename fails, the old folder is put back and no temporary is left', async () => {
    const { replaceDirectoryAtomically } = await import('../../src/io/atomicWrite.js');
    const parent = mkdtempSync(path.join(tmpdir(), 'eastward-swap-'));
    const dir = path.join(parent, 'report');
    replaceDirectoryAtomically(dir, { 'a.txt': 'old' });
    failing.suffix = `-new-${process.pid}`;
    expect(() => replaceDirectoryAtomically(dir, { 'a.txt': 'new' })).toThrow('EIO');
    expect(readdirSync(parent)).toEqual(['report']);
    expect(readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('old');
  });
});
