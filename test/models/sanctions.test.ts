import { describe, expect, it } from 'vitest';
import { cumulativeRows, stepRegime, type SanctionsParams } from '../../src/models/sanctions.js';
import { fixedStream } from '../helpers.js';

const sticky = [
  [0.8, 0.2, 0, 0],
  [0.1, 0.7, 0.15, 0.05],
  [0, 0.2, 0.7, 0.1],
  [0, 0, 0, 1],
];

function params(events: Array<Array<readonly [number, number]>> = [[]], shocks = true): SanctionsParams {
  return { cumulativeTransitions: cumulativeRows(sticky), eventsByYear: events, shocks };
}

describe('sanctions block', () => {
  it('builds cumulative rows', () => {
    const row = Array.from(cumulativeRows(sticky).slice(4, 8));
    [0.1, 0.8, 0.95].forEach((v, i) => expect(row[i]).toBeCloseTo(v, 12));
    expect(row[3]).toBe(Number.POSITIVE_INFINITY); // the last regime takes any rounding remainder
  });

  it('picks the next regime by the cumulative row', () => {
    expect(stepRegime(params(), 0, fixedStream(0.05, 0), 1)).toBe(0); // u < 0.1 → easing
    expect(stepRegime(params(), 0, fixedStream(0.5, 0), 1)).toBe(1); // 0.1 ≤ u < 0.8 → status quo
    expect(stepRegime(params(), 0, fixedStream(0.9, 0), 1)).toBe(2); // 0.8 ≤ u < 0.95 → tightening
    expect(stepRegime(params(), 0, fixedStream(0.99, 0), 1)).toBe(3); // secondary
  });

  it('keeps an absorbing regime', () => {
    for (const u of [0, 0.3, 0.999]) expect(stepRegime(params(), 0, fixedStream(u, 0), 3)).toBe(3);
  });

  it('applies a scheduled event with its probability', () => {
    const withEvent = params([[[3, 0.6] as const]]);
    expect(stepRegime(withEvent, 0, fixedStream(0.5, 0), 1)).toBe(3); // event uniform 0.5 < 0.6
    expect(stepRegime(withEvent, 0, fixedStream(0.7, 0), 1)).toBe(1); // 0.7 ≥ 0.6: no event, chain stays
  });

  it('without shocks stays put and takes events of probability ≥ ½', () => {
    expect(stepRegime(params([[[2, 0.5] as const]], false), 0, fixedStream(0.99, 0), 1)).toBe(2);
    expect(stepRegime(params([[[2, 0.4] as const]], false), 0, fixedStream(0.0, 0), 1)).toBe(1);
  });
});
