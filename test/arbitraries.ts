import { HISTORY_PRICE_RULES } from '../src/models/calibration.js';
/**
 * Generators of valid scenarios, shared by every property test. They cover the schema's range
 * (extreme oil anchors, volatilities at their bounds, absorbing regimes, infrastructure that never
 * starts or starts in the first year, horizons of one year and long ones, tiny run counts) within
 * the few constraints that tie a scenario to the data (pipeline + transit ≤ the base year's crude
 * exports; prices that value base-year energy below total Russian exports), which validation
 * also enforces.
 */
import fc from 'fast-check';
import { REGIMES, type InfrastructureItem, type RegimeLevers, type Scenario } from '../src/scenario/types.js';
import { baseYearData } from '../src/models/baseState.js';
import { history } from './helpers.js';
import { BARRELS_PER_TONNE } from '../src/models/energy.js';
import { russianCrudePriceUsdPerBarrel } from '../src/models/oil.js';

const base = baseYearData(history);
export const BASE_YEAR = base.year;

/**
 * Fixed seed in CI; FC_SEED and FC_RUNS widen the search locally; FC_PATH (with the FC_SEED that
 * fast-check printed) replays one failing case exactly. See docs/testing.md.
 */
export const fcOptions: { seed: number; numRuns: number; path?: string; endOnFailure?: boolean } = {
  seed: Number(process.env.FC_SEED ?? 20241123),
  numRuns: Number(process.env.FC_RUNS ?? 100),
  ...(process.env.FC_PATH ? { path: process.env.FC_PATH, endOnFailure: true } : {}),
};

const prob = fc.double({ min: 0, max: 1, noNaN: true });

/** A path of 1–4 points with increasing years around the projection. */
export function yearPath(min: number, max: number) {
  return fc
    .uniqueArray(fc.integer({ min: BASE_YEAR - 3, max: BASE_YEAR + 20 }), { minLength: 1, maxLength: 4 })
    .chain((years) => fc.tuple(...[...years].sort((a, b) => a - b).map((year) => fc.record({ year: fc.constant(year), value: fc.double({ min, max, noNaN: true }) }))));
}

/** A probability row: random weights normalised, or a one-hot (absorbing) row. */
const row = fc.oneof(
  fc.tuple(prob, prob, prob, prob).filter((w) => w[0] + w[1] + w[2] + w[3] > 1e-3).map((w) => {
    const s = w[0] + w[1] + w[2] + w[3];
    const r = w.map((x) => x / s);
    r[3] = Math.max(0, 1 - r[0] - r[1] - r[2]);
    return r;
  }),
  fc.integer({ min: 0, max: 3 }).map((k) => [0, 1, 2, 3].map((i) => (i === k ? 1 : 0))),
);

const transitionMatrix = fc.tuple(row, row, row, row).map((rows) =>
  Object.fromEntries(REGIMES.map((from, i) => [from, Object.fromEntries(REGIMES.map((to, j) => [to, rows[i][j]]))])) as Scenario['sanctions']['transitionMatrix'],
);

const levers: fc.Arbitrary<RegimeLevers> = fc.record({
  crudeDiscountPctOfBrent: fc.double({ min: 0, max: 80, noNaN: true }),
  paymentFrictionShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
  nationalShareSpeedMultiplier: fc.double({ min: -5, max: 10, noNaN: true }),
  sanctionedLngAccessShare: prob,
  seaborneCrudeAccessShare: prob,
  chinaImportShareCeilingRelative: fc.double({ min: 0.05, max: 10, noNaN: true }),
});

/** An item already running at the base year (certain) or a future one (any risk). */
function infrastructure(id: string, maxCapacity: number, sanctioned: boolean, running: boolean): fc.Arbitrary<InfrastructureItem> {
  const start = running
    ? fc.integer({ min: BASE_YEAR - 15, max: BASE_YEAR - 1 }).map((y) => ({ earliest: y, latest: y }))
    : fc.tuple(fc.integer({ min: BASE_YEAR + 1, max: BASE_YEAR + 25 }), fc.integer({ min: 0, max: 8 })).map(([e, d]) => ({ earliest: e, latest: e + d }));
  return fc.record({
    id: fc.constant(id),
    name: fc.constant(id),
    capacity: fc.double({ min: running ? 1 : 0, max: maxCapacity, noNaN: true }),
    probabilityBuilt: running ? fc.constant(1) : prob,
    startYear: start,
    rampYears: fc.integer({ min: 1, max: 30 }),
    sanctioned: fc.constant(sanctioned),
  });
}

/** An optional value: present or omitted (so the calibration's value is used). */
function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

/** Drop the keys whose value is undefined (an omitted optional field). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `simulation`: 1–40 paths, any seed, shocks on or off. */
export const simulationBlock: fc.Arbitrary<Scenario['simulation']> = fc.record({ runs: fc.integer({ min: 1, max: 40 }), seed: fc.integer({ min: 0, max: 0xffffffff }), shocks: fc.boolean() });

/** `oil`: anchors of USD 10–300, persistence and volatility to their bounds, any jumps. */
export const oilBlock: fc.Arbitrary<Scenario['oil']> = fc
  .record({
    anchorUsdPerBarrel: yearPath(10, 300),
    meanReversionPhi: optional(fc.double({ min: 0, max: 0.999, noNaN: true })),
    volatilityLog: optional(fc.double({ min: 0, max: 2, noNaN: true })),
    jumpProbabilityPerYear: prob,
    jumpMeanLog: fc.double({ min: -2, max: 2, noNaN: true }),
    jumpStdLog: fc.double({ min: 0, max: 2, noNaN: true }),
  })
  .map(defined);

/** `sanctions`: any start, transition rows (absorbing ones too), events, levers per regime. */
export const sanctionsBlock: fc.Arbitrary<Scenario['sanctions']> = fc.record({
  initialRegime: fc.constantFrom(...REGIMES),
  transitionMatrix,
  events: fc.array(fc.record({ year: fc.integer({ min: BASE_YEAR + 1, max: BASE_YEAR + 12 }), to: fc.constantFrom(...REGIMES), probability: prob }), { maxLength: 3 }),
  levers: fc.tuple(levers, levers, levers, levers).map((l) => Object.fromEntries(REGIMES.map((r, i) => [r, l[i]])) as Scenario['sanctions']['levers']),
});

/** `macro`: growth paths of −20 to 20 %, volatilities to their bounds, any rouble drift. */
export const macroBlock: fc.Arbitrary<Scenario['macro']> = fc
  .record({
    chinaGdpGrowthPct: yearPath(-20, 20),
    russiaTrendGrowthPct: yearPath(-20, 20),
    chinaGdpVolatilityPct: fc.double({ min: 0, max: 20, noNaN: true }),
    russiaGdpVolatilityPct: fc.double({ min: 0, max: 20, noNaN: true }),
    rubDriftPctPerYear: fc.double({ min: -50, max: 50, noNaN: true }),
    rubVolatilityLog: optional(fc.double({ min: 0, max: 2, noNaN: true })),
  })
  .map(defined);

/**
 * `energy`: a running pipeline and plant plus future ones (never built, or decades away), capacities
 * and speeds over their range; prices over the schema's whole range, scaled down when they would
 * value the base year's gas, LNG and coal above what Russian exports leave after crude and oil
 * products (validation rejects that; a sliver of room keeps rounding from tipping a full budget).
 */
export const energyBlock: fc.Arbitrary<Scenario['energy']> = fc
  .record({
    gasRunning: infrastructure('gas-running', 200, false, true),
    gasFuture: fc.array(infrastructure('gas-future', 100, false, false), { maxLength: 2 }),
    utilisationVolatility: prob,
    utilisationAdjustmentSpeed: prob,
    capacityUncertainty: fc.double({ min: 0, max: 0.9, noNaN: true }),
    crudeTransit: fc.tuple(fc.double({ min: 0, max: base.crudeOilMt / 2, noNaN: true }), fc.double({ min: 0, max: base.crudeOilMt / 2, noNaN: true })),
    seaborneCapacityMt: yearPath(0, 1000),
    crudeVolumeVolatility: prob,
    lngRunning: infrastructure('lng-running', 60, false, true),
    lngFuture: fc.array(infrastructure('lng-future', 40, true, false), { maxLength: 2 }),
    lngVolumeVolatility: prob,
    railCapacityMtPerYear: yearPath(0, 2000),
    demandGdpElasticity: fc.double({ min: -5, max: 5, noNaN: true }),
    priceOilElasticity: fc.double({ min: 0, max: 3, noNaN: true }),
    coalDemandVolatility: prob,
    gasPrice: fc.double({ min: 0, max: 50, noNaN: true }),
    lngPrice: fc.double({ min: 0, max: 100, noNaN: true }),
    coalPrice: fc.double({ min: 0, max: 2000, noNaN: true }),
    priceBudget: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map((g): Scenario['energy'] => {
    const laggedBrent = 0.5 * (base.brentUsdPerBarrel + base.previousBrentUsdPerBarrel);
    const crudeUsdBn = (base.crudeOilMt * BARRELS_PER_TONNE * russianCrudePriceUsdPerBarrel(base.brentUsdPerBarrel, 100 * HISTORY_PRICE_RULES.crudeDiscountShareOfBrent)) / 1000;
    const otherUsdBn = (base.pipelineGasBcm * g.gasPrice * laggedBrent + base.lngMt * g.lngPrice * laggedBrent + base.coalMt * g.coalPrice) / 1000;
    const oilProductsUsdBn = base.oilProductsUsdBnPerUsdBrent * base.brentUsdPerBarrel;
    const room = (base.exportsRuCnUsdBn - crudeUsdBn - oilProductsUsdBn) * 0.999 * g.priceBudget;
    const scale = otherUsdBn > room ? room / otherUsdBn : 1;
    return {
      pipelineGas: {
        projects: [g.gasRunning, ...g.gasFuture.map((item, i) => ({ ...item, id: `gas-future-${i}` }))],
        priceUsdPer1000m3PerUsdBrent: g.gasPrice * scale,
        utilisationVolatility: g.utilisationVolatility,
        utilisationAdjustmentSpeed: g.utilisationAdjustmentSpeed,
        overrunMaxShare: g.capacityUncertainty,
      },
      crude: {
        pipelineCapacityMt: g.crudeTransit[0],
        kazakhstanTransitMt: g.crudeTransit[1],
        seaborneCapacityMt: g.seaborneCapacityMt,
        seaborneCapacityUncertaintyShare: g.capacityUncertainty,
        volumeVolatility: g.crudeVolumeVolatility,
      },
      lng: {
        plants: [g.lngRunning, ...g.lngFuture.map((item, i) => ({ ...item, id: `lng-future-${i}` }))],
        priceUsdPerTonnePerUsdBrent: g.lngPrice * scale,
        volumeVolatility: g.lngVolumeVolatility,
      },
      coal: {
        railCapacityMtPerYear: g.railCapacityMtPerYear,
        demandGdpElasticity: g.demandGdpElasticity,
        priceUsdPerTonneBase: g.coalPrice * scale,
        priceOilElasticity: g.priceOilElasticity,
        demandVolatility: g.coalDemandVolatility,
        railCapacityUncertaintyShare: g.capacityUncertainty,
      },
    };
  });

/** `trade`: elasticities of either sign (the commodity-price one within its bounds), any adjustment speed and noise. */
export const tradeBlock: fc.Arbitrary<Scenario['trade']> = fc
  .record({
    nonEnergyGdpElasticity: fc.double({ min: -5, max: 5, noNaN: true }),
    chinaShareAdjustmentSpeed: prob,
    nonEnergyVolatility: prob,
    chineseExportsVolatility: optional(prob),
    nonEnergyCommodityPriceElasticity: optional(fc.double({ min: -1, max: 3, noNaN: true })),
  })
  .map(defined);

/** `settlement`: any ceiling and step, the non-national split normalised to sum to 1. */
export const settlementBlock: fc.Arbitrary<Scenario['settlement']> = fc
  .record({
    ceiling: fc.double({ min: 0.5, max: 0.999, noNaN: true }),
    logitStepPerYear: optional(fc.double({ min: -5, max: 10, noNaN: true })),
    logitStepVolatility: fc.double({ min: 0, max: 2, noNaN: true }),
    cnyShareOfNational: prob,
    cnyShareOfNationalTarget: prob,
    split: fc.tuple(prob, prob, prob).filter((w) => w[0] + w[1] + w[2] > 1e-3),
  })
  .map(({ split, ...rest }) => {
    const s = split[0] + split[1] + split[2];
    const usd = split[0] / s;
    const eur = split[1] / s;
    return defined({ ...rest, nonNationalSplit: { usd, eur, other: Math.max(0, 1 - usd - eur) } });
  });

/**
 * A valid scenario, composed of one arbitrary per scenario block (each typed by the contract the
 * schema generates, so the generator cannot drift from it). Options: cap the horizon (report-level
 * properties allocate histograms per year).
 */
export function validScenario(opts: { maxHorizonYears?: number } = {}): fc.Arbitrary<Scenario> {
  const maxYears = opts.maxHorizonYears ?? 2100 - BASE_YEAR;
  return fc
    .record({
      horizonYears: fc.oneof(fc.constant(1), fc.constant(maxYears), fc.integer({ min: 1, max: maxYears })),
      simulation: simulationBlock,
      oil: oilBlock,
      sanctions: sanctionsBlock,
      macro: macroBlock,
      energy: energyBlock,
      trade: tradeBlock,
      settlement: settlementBlock,
    })
    .map(({ horizonYears, ...blocks }): Scenario => {
      const scenario: Mutable<Scenario> = { id: 'generated', name: 'generated', description: 'generated by test/arbitraries.ts', horizon: BASE_YEAR + horizonYears, ...blocks };
      return scenario;
    });
}
