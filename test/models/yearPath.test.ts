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

describe('year paths never leave their endpoints', () => {
  it('clamps rounding below zero (found by the property tests)', () => {
    const p = [
      { year: 2029, value: 2.094122016416724e-185 },
      { year: 2032, value: 0 },
    ];
    for (let y = 2029; y <= 2032; y++) expect(valueAt(p, y)).toBeGreaterThanOrEqual(0);
  });
});
