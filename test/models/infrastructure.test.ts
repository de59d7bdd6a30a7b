import { describe, expect, it } from 'vitest';
import { capacityInForce, drawInfrastructure, rampShare, type InfrastructureParams } from '../../src/models/infrastructure.js';
import { fixedStream } from '../helpers.js';

const pos2: InfrastructureParams = { capacity: 50, probabilityBuilt: 0.4, earliestStartYear: 2030, latestStartYear: 2034, rampYears: 5, sanctioned: false };

describe('infrastructure', () => {
  it('ramps linearly after the start year', () => {
    expect(rampShare(2019, 6, 2019)).toBe(0);
    expect(rampShare(2019, 6, 2024)).toBeCloseTo(5 / 6, 12); // Power of Siberia at the end of 2024
    expect(rampShare(2019, 6, 2025)).toBe(1);
    expect(rampShare(2019, 6, 2040)).toBe(1);
  });

  it('draws built and start year from two uniforms', () => {
    expect(drawInfrastructure(pos2, fixedStream(0.39, 0), true)).toEqual({ built: true, startYear: 2031 }); // ⌊0.39·5⌋ = 1
    expect(drawInfrastructure(pos2, fixedStream(0.41, 0), true).built).toBe(false);
    expect(drawInfrastructure(pos2, fixedStream(0.999999, 0), true).startYear).toBe(2034);
    expect(drawInfrastructure(pos2, fixedStream(0.1, 0), false)).toEqual({ built: false, startYear: 2032 });
  });

  it('sums capacity in force, sanctioned items only by the access share', () => {
    const items: InfrastructureParams[] = [
      { capacity: 38, probabilityBuilt: 1, earliestStartYear: 2019, latestStartYear: 2019, rampYears: 6, sanctioned: false },
      { capacity: 20, probabilityBuilt: 1, earliestStartYear: 2025, latestStartYear: 2025, rampYears: 2, sanctioned: true },
    ];
    const draws = [
      { built: true, startYear: 2019 },
      { built: true, startYear: 2025 },
    ];
    // 2026: 38 + 20 · ½ · 0.3 = 41
    expect(capacityInForce(items, draws, 2026, 0.3)).toBeCloseTo(41, 12);
    expect(capacityInForce(items, [draws[0], { built: false, startYear: 2025 }], 2026, 1)).toBe(38);
  });
});
