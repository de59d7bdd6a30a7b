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

/** Options: cap the horizon (report-level properties allocate histograms per year). */
export function validScenario(opts: { maxHorizonYears?: number } = {}): fc.Arbitrary<Scenario> {
  const maxYears = opts.maxHorizonYears ?? 2100 - BASE_YEAR;
  const pipelineAndTransit = fc.tuple(fc.double({ min: 0, max: base.crudeOilMt / 2, noNaN: true }), fc.double({ min: 0, max: base.crudeOilMt / 2, noNaN: true }));
  return fc
    .record({
      horizonYears: fc.oneof(fc.constant(1), fc.constant(maxYears), fc.integer({ min: 1, max: maxYears })),
      runs: fc.integer({ min: 1, max: 40 }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      shocks: fc.boolean(),
      anchor: yearPath(10, 300),
      phi: fc.option(fc.double({ min: 0, max: 0.999, noNaN: true }), { nil: undefined }),
      vol: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
      jumpP: prob,
      jumpMean: fc.double({ min: -2, max: 2, noNaN: true }),
      jumpStd: fc.double({ min: 0, max: 2, noNaN: true }),
      initialRegime: fc.constantFrom(...REGIMES),
      matrix: transitionMatrix,
      events: fc.array(fc.record({ year: fc.integer({ min: BASE_YEAR + 1, max: BASE_YEAR + 12 }), to: fc.constantFrom(...REGIMES), probability: prob }), { maxLength: 3 }),
      levers: fc.tuple(levers, levers, levers, levers),
      chinaGrowth: yearPath(-20, 20),
      russiaTrend: yearPath(-20, 20),
      gdpVolCn: fc.double({ min: 0, max: 20, noNaN: true }),
      gdpVolRu: fc.double({ min: 0, max: 20, noNaN: true }),
      rubDrift: fc.double({ min: -50, max: 50, noNaN: true }),
      rubVol: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
      gasRunning: infrastructure('gas-running', 200, false, true),
      gasFuture: fc.array(infrastructure('gas-future', 100, false, false), { maxLength: 2 }),
      gasUtilVol: prob,
      crudeTransit: pipelineAndTransit,
      seaborneCap: yearPath(0, 1000),
      seaborneSpeed: prob,
      capacityUncertainty: fc.double({ min: 0, max: 0.9, noNaN: true }),
      crudeVol: prob,
      lngRunning: infrastructure('lng-running', 60, false, true),
      lngFuture: fc.array(infrastructure('lng-future', 40, true, false), { maxLength: 2 }),
      lngVol: prob,
      coalCap: yearPath(0, 2000),
      coalElasticity: fc.double({ min: -5, max: 5, noNaN: true }),
      coalPriceOilElasticity: fc.double({ min: 0, max: 3, noNaN: true }),
      coalVol: prob,
      nonEnergyElasticity: fc.double({ min: -5, max: 5, noNaN: true }),
      shareSpeed: prob,
      nonEnergyVol: prob,
      cnExportsVol: fc.option(prob, { nil: undefined }),
      ceiling: fc.double({ min: 0.5, max: 0.999, noNaN: true }),
      logitStep: fc.option(fc.double({ min: -5, max: 10, noNaN: true }), { nil: undefined }),
      logitVol: fc.double({ min: 0, max: 2, noNaN: true }),
      cny: prob,
      cnyTarget: prob,
      split: fc.tuple(prob, prob, prob).filter((w) => w[0] + w[1] + w[2] > 1e-3),
      gasPrice: fc.double({ min: 0, max: 50, noNaN: true }),
      lngPrice: fc.double({ min: 0, max: 100, noNaN: true }),
      coalPrice: fc.double({ min: 0, max: 2000, noNaN: true }),
      priceBudget: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map((g): Scenario => {
      // Prices over the schema's whole range, scaled down when they would value the base year's
      // gas, LNG and coal above what Russian exports leave after crude (validation rejects that).
      const laggedBrent = 0.5 * (base.brentUsdPerBarrel + base.previousBrentUsdPerBarrel);
      const crudeUsdBn = (base.crudeOilMt * BARRELS_PER_TONNE * russianCrudePriceUsdPerBarrel(base.brentUsdPerBarrel, 100 * HISTORY_PRICE_RULES.crudeDiscountShareOfBrent)) / 1000;
      const otherUsdBn = (base.pipelineGasBcm * g.gasPrice * laggedBrent + base.lngMt * g.lngPrice * laggedBrent + base.coalMt * g.coalPrice) / 1000;
      // Oil products (HS 27 less the carriers) are part of the base year's energy value too; keep a
      // sliver of room so rounding cannot tip a full budget over the exports.
      const oilProductsUsdBn = base.oilProductsUsdBnPerUsdBrent * base.brentUsdPerBarrel;
      const room = (base.exportsRuCnUsdBn - crudeUsdBn - oilProductsUsdBn) * 0.999 * g.priceBudget;
      const scale = otherUsdBn > room ? room / otherUsdBn : 1;
      const s = g.split[0] + g.split[1] + g.split[2];
      const usd = g.split[0] / s;
      const eur = g.split[1] / s;
      return {
        id: 'generated',
        name: 'generated',
        description: 'generated by test/arbitraries.ts',
        horizon: BASE_YEAR + g.horizonYears,
        simulation: { runs: g.runs, seed: g.seed, shocks: g.shocks },
        oil: {
          anchorUsdPerBarrel: g.anchor,
          ...(g.phi === undefined ? {} : { meanReversionPhi: g.phi }),
          ...(g.vol === undefined ? {} : { volatilityLog: g.vol }),
          jumpProbabilityPerYear: g.jumpP,
          jumpMeanLog: g.jumpMean,
          jumpStdLog: g.jumpStd,
        },
        sanctions: {
          initialRegime: g.initialRegime,
          transitionMatrix: g.matrix,
          events: g.events,
          levers: Object.fromEntries(REGIMES.map((r, i) => [r, g.levers[i]])) as Scenario['sanctions']['levers'],
        },
        macro: {
          chinaGdpGrowthPct: g.chinaGrowth,
          russiaTrendGrowthPct: g.russiaTrend,
          chinaGdpVolatilityPct: g.gdpVolCn,
          russiaGdpVolatilityPct: g.gdpVolRu,
          rubDriftPctPerYear: g.rubDrift,
          ...(g.rubVol === undefined ? {} : { rubVolatilityLog: g.rubVol }),
        },
        energy: {
          pipelineGas: {
            projects: [g.gasRunning, ...g.gasFuture.map((p, i) => ({ ...p, id: `gas-future-${i}` }))],
            priceUsdPer1000m3PerUsdBrent: g.gasPrice * scale,
            utilisationVolatility: g.gasUtilVol,
            utilisationAdjustmentSpeed: g.seaborneSpeed,
            overrunMaxShare: g.capacityUncertainty,
          },
          crude: {
            pipelineCapacityMt: g.crudeTransit[0],
            kazakhstanTransitMt: g.crudeTransit[1],
            seaborneCapacityMt: g.seaborneCap,
            seaborneCapacityUncertaintyShare: g.capacityUncertainty,
            volumeVolatility: g.crudeVol,
          },
          lng: {
            plants: [g.lngRunning, ...g.lngFuture.map((p, i) => ({ ...p, id: `lng-future-${i}` }))],
            priceUsdPerTonnePerUsdBrent: g.lngPrice * scale,
            volumeVolatility: g.lngVol,
          },
          coal: {
            railCapacityMtPerYear: g.coalCap,
            demandGdpElasticity: g.coalElasticity,
            priceUsdPerTonneBase: g.coalPrice * scale,
            priceOilElasticity: g.coalPriceOilElasticity,
            demandVolatility: g.coalVol,
            railCapacityUncertaintyShare: g.capacityUncertainty,
          },
        },
        trade: {
          nonEnergyGdpElasticity: g.nonEnergyElasticity,
          chinaShareAdjustmentSpeed: g.shareSpeed,
          nonEnergyVolatility: g.nonEnergyVol,
          ...(g.cnExportsVol === undefined ? {} : { chineseExportsVolatility: g.cnExportsVol }),
        },
        settlement: {
          ceiling: g.ceiling,
          ...(g.logitStep === undefined ? {} : { logitStepPerYear: g.logitStep }),
          logitStepVolatility: g.logitVol,
          cnyShareOfNational: g.cny,
          cnyShareOfNationalTarget: g.cnyTarget,
          nonNationalSplit: { usd, eur, other: Math.max(0, 1 - usd - eur) },
        },
      };
    });
}
