import { describe, expect, it } from 'vitest';
import { growthFactor, stepMacro, type MacroParams } from '../../src/models/macro.js';

const p: MacroParams = {
  chinaGdpVolatilityPct: 1,
  russiaGdpVolatilityPct: 2,
  russiaGrowthOilSensitivityPct: 3,
  rubOilElasticity: -0.2,
  rubDriftLogPerYear: Math.log(1.03),
  rubVolatilityLog: 0.1,
  shocks: true,
};

describe('macro block', () => {
  it('links Russian growth and the rouble to the oil change', () => {
    const prev = { chinaGdpGrowthPct: 5, russiaGdpGrowthPct: 1, logRubPerUsdIndex: 0 };
    const next = stepMacro({ ...p, shocks: false }, 4.5, 1.5, 0.1, { chinaGdp: 1, russiaGdp: 1, rub: 1 }, prev);
    expect(next.chinaGdpGrowthPct).toBe(4.5);
    expect(next.russiaGdpGrowthPct).toBeCloseTo(1.5 + 3 * 0.1, 12); // 1.8
    expect(next.logRubPerUsdIndex).toBeCloseTo(Math.log(1.03) - 0.02, 12);
  });

  it('adds shocks scaled by their volatilities', () => {
    const prev = { chinaGdpGrowthPct: 0, russiaGdpGrowthPct: 0, logRubPerUsdIndex: 0.5 };
    const next = stepMacro(p, 4, 1, 0, { chinaGdp: -1, russiaGdp: -1, rub: -1 }, prev);
    expect(next.chinaGdpGrowthPct).toBeCloseTo(3, 12);
    expect(next.russiaGdpGrowthPct).toBeCloseTo(-1, 12);
    expect(next.logRubPerUsdIndex).toBeCloseTo(0.5 + Math.log(1.03) - 0.1, 12);
  });

  it('floors growth factors', () => {
    expect(growthFactor(5)).toBeCloseTo(1.05, 12);
    expect(growthFactor(-150)).toBe(0.05);
  });
});
