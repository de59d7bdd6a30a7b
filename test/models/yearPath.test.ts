import { describe, expect, it } from 'vitest';
import { valueAt } from '../../src/models/yearPath.js';

describe('year paths', () => {
  const path = [
    { year: 2025, value: 80 },
    { year: 2030, value: 70 },
  ];
  it('interpolates linearly and is flat outside', () => {
    expect(valueAt(path, 2027)).toBe(76);
    expect(valueAt(path, 2020)).toBe(80);
    expect(valueAt(path, 2040)).toBe(70);
    expect(valueAt([{ year: 2025, value: 3 }], 2030)).toBe(3);
  });
});
