import { describe, expect, it } from 'vitest';
import { nationalLogit, settlementShares, stepSettlement, type SettlementParams } from '../../src/models/settlement.js';
import { fixedStream } from '../helpers.js';

const p: SettlementParams = { ceiling: 0.98, logitStepPerYear: 1, logitStepVolatility: 0.3, cnyShareOfNationalTarget: 0.7, usdShareOfNonNational: 0.5, eurShareOfNonNational: 0.2, shocks: false };

describe('settlement block', () => {
  it('round-trips the national share through its logit', () => {
    const s = settlementShares(nationalLogit(0.91, 0.98), 0.98, 0.6, 0.5, 0.2);
    expect(s.national).toBeCloseTo(0.91, 12);
    expect(s.cny).toBeCloseTo(0.546, 12);
    expect(s.rub).toBeCloseTo(0.364, 12);
    expect(s.usd).toBeCloseTo(0.045, 12);
    expect(s.eur).toBeCloseTo(0.018, 12);
    expect(s.other).toBeCloseTo(0.027, 12);
    expect(s.rub + s.cny + s.usd + s.eur + s.other).toBeCloseTo(1, 12);
  });

  it('steps the logit by k × the regime multiplier', () => {
    const prev = settlementShares(0, 0.98, 0.6, 0.5, 0.2); // national 0.49
    const next = stepSettlement(p, 2, fixedStream(0, 1), prev);
    expect(next.logit).toBeCloseTo(2, 12);
    expect(next.national).toBeCloseTo(0.98 / (1 + Math.exp(-2)), 12);
    expect(next.cnyShareOfNational).toBeCloseTo(0.62, 12); // 0.6 + 0.2 · (0.7 − 0.6)
  });

  it('never passes the ceiling', () => {
    expect(settlementShares(50, 0.98, 0.6, 0.5, 0.2).national).toBeLessThanOrEqual(0.98);
  });
});
