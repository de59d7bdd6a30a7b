import { describe, expect, it } from 'vitest';
import { calibrate } from '../src/models/calibration.js';
import { baseYearData } from '../src/models/baseState.js';
import { prepareParams, runScenario } from '../src/report/run.js';
import { loadScenarioFile, validateScenarioDocument } from '../src/scenario/load.js';
import { withOverrides } from '../src/index.js';
import { reportJson } from '../src/views/reportFiles.js';
import type { Scenario } from '../src/scenario/types.js';
import { baseYear, history, loadLibraryScenario, scenarioFile } from './helpers.js';

const baseline = loadLibraryScenario('baseline.json');
const base = baseYearData(history);

/** Baseline with shocks off and every driver held at its base-year value. */
function steadyState(): Scenario {
  const pipelineAndTransit = baseline.energy.crude.pipelineCapacityMt + baseline.energy.crude.kazakhstanTransitMt;
  return withOverrides(baseline, {
    horizon: baseYear + 3,
    questions: [],
    simulation: { shocks: false },
    oil: { anchorUsdPerBarrel: [{ year: baseYear, value: base.brentUsdPerBarrel }] },
    macro: {
      chinaGdpGrowthPct: [{ year: baseYear, value: 0 }],
      russiaTrendGrowthPct: [{ year: baseYear, value: 0 }],
      rubDriftPctPerYear: 0,
      russiaGrowthOilSensitivityPct: 0,
      rubOilElasticity: 0,
    },
    // The calibrated trends held at zero too: "drivers held at the base year" means no growth at all.
    trade: { chineseExportsTrendLogPerYear: 0, nonEnergyTrendLogPerYear: 0 },
    energy: {
      pipelineGas: {
        utilisationAdjustmentSpeed: 0,
        projects: [
          { id: 'power-of-siberia', capacity: 40, startYear: { earliest: baseYear - 10, latest: baseYear - 10 }, rampYears: 1 },
          { id: 'far-eastern-route', probabilityBuilt: 0 },
          { id: 'power-of-siberia-2', probabilityBuilt: 0 },
        ],
      },
      crude: { seaborneCapacityMt: [{ year: baseYear, value: base.crudeOilMt - pipelineAndTransit }], demandTrendLogPerYear: 0 },
      lng: { plants: [{ id: 'arctic-lng-2', probabilityBuilt: 0 }], chinaShareTrendLogPerYear: 0 },
      coal: { railCapacityMtPerYear: [{ year: baseYear, value: 1000 }], demandTrendLogPerYear: 0 },
    },
    sanctions: { levers: { status_quo: { chinaImportShareCeilingRelative: 1, seaborneCrudeAccessShare: 1 } } },
    settlement: { logitStepPerYear: 0 },
  });
}

describe('base year', () => {
  it('the resolved base year reproduces the data exactly (energy value + non-energy = Russian exports)', () => {
    const { params } = prepareParams(baseline);
    expect(params.baseYear).toBe(baseYear);
    expect(params.base.energyValueUsdBn + params.base.nonEnergyExportsRuCnUsdBn).toBeCloseTo(history.value('trade.exports_ru_cn', baseYear), 9);
    expect(params.base.energyValueUsdBn).toBeGreaterThan(0.5 * history.value('trade.exports_ru_cn', baseYear)); // energy is most of it (seed 002: > 70 % in 2022)
    expect(params.trade.chineseExportsScaleUsdBn * (1 - params.levers.paymentFrictionShare[params.initialRegime])).toBeCloseTo(history.value('trade.exports_cn_ru', baseYear), 9);
  });

  it('with shocks off and drivers held at the base year, the model reproduces the last data year within 1 %', async () => {
    const report = await runScenario(steadyState(), { runs: 1, workers: 0 });
    const within = (series: keyof typeof report.series, tolerance: number) => {
      const actual = history.value(series, baseYear);
      for (const v of report.series[series].mean) expect(Math.abs(v / actual - 1)).toBeLessThanOrEqual(tolerance);
    };
    within('trade.turnover', 0.01);
    within('trade.exports_ru_cn', 0.01);
    within('trade.exports_cn_ru', 1e-9);
    within('energy.crude_oil', 1e-9);
    within('energy.pipeline_gas', 1e-9);
    within('energy.lng', 1e-9);
    within('energy.coal', 1e-9);
    within('oil.brent', 1e-9);
  });
});

describe('hindcast from 2022', () => {
  it('with the realised Brent path lands within 15 % of the later turnover data', async () => {
    const asOf = 2022;
    const past = history.truncatedAt(asOf);
    const last = history.lastYear('trade.turnover');
    const { scenario } = loadScenarioFile(scenarioFile('hindcast/2022.json'), { baseYear: asOf, root: scenarioFile('') });
    // Anchor = realised Brent from the base year on, so the log deviation is zero throughout.
    const anchor = history.range('oil.brent', asOf, last).map(([year, value]) => ({ year, value }));
    const s = validateScenarioDocument({ ...scenario, horizon: last, oil: { ...scenario.oil, anchorUsdPerBarrel: anchor } }, 'hindcast', { baseYear: asOf });
    const report = await runScenario(s, { runs: 1, workers: 0, history: past, calibration: calibrate(past, asOf) });
    expect(report.years[0]).toBe(asOf + 1);
    report.years.forEach((year, t) => {
      expect(report.series['oil.brent'].mean[t]).toBeCloseTo(history.value('oil.brent', year), 9);
      const actual = history.value('trade.turnover', year);
      expect(Math.abs(report.series['trade.turnover'].mean[t] / actual - 1)).toBeLessThan(0.15);
    });
  });
});

describe('comparative statics on the same random numbers', () => {
  const runs = 3000;
  const options = { runs, seed: 11, workers: 0 };

  it('a price cap binds from its first review on: the Russian crude price falls from then, never before', async () => {
    const review = baseYear + 3;
    const capped = withOverrides(baseline, { sanctions: { priceCap: { reviews: [{ year: review, marketMinusPct: 30 }], enforcementShare: 0.5 } } });
    const [a, b] = await Promise.all([runScenario(baseline, options), runScenario(capped, options)]);
    a.years.forEach((year, t) => {
      const before = a.series['oil.russian_crude_price'].p50[t];
      const after = b.series['oil.russian_crude_price'].p50[t];
      if (year < review) expect(after).toBe(before);
      // same random numbers: every path's discount rises by half of (30 − its regime's discount)
      else expect(after).toBeLessThan(before * (1 - 0.05));
    });
  });

  it('a higher oil anchor raises median Russian exports and energy export value every year', async () => {
    const higher = withOverrides(baseline, { oil: { anchorUsdPerBarrel: baseline.oil.anchorUsdPerBarrel.map((p) => ({ year: p.year, value: p.value + 20 })) } });
    const [a, b] = await Promise.all([runScenario(baseline, options), runScenario(higher, options)]);
    a.years.forEach((_, t) => {
      expect(b.series['trade.exports_ru_cn'].p50[t]).toBeGreaterThan(a.series['trade.exports_ru_cn'].p50[t]);
      expect(b.series['trade.energy_exports_ru_cn'].p50[t]).toBeGreaterThan(a.series['trade.energy_exports_ru_cn'].p50[t]);
    });
  });

  it('secondary sanctions lower median Chinese exports and raise the national settlement share', async () => {
    const secondary = loadLibraryScenario('secondary-sanctions.json');
    const eventYear = secondary.sanctions.events[0].year;
    const [a, b] = await Promise.all([runScenario(baseline, options), runScenario(secondary, options)]);
    a.years.forEach((year, t) => {
      if (year < eventYear) return;
      expect(b.series['trade.exports_cn_ru'].p50[t]).toBeLessThan(a.series['trade.exports_cn_ru'].p50[t]);
      expect(b.series['settlement.national'].mean[t]).toBeGreaterThan(a.series['settlement.national'].mean[t]);
      expect(b.series['sanctions.regime_secondary'].mean[t]).toBeGreaterThan(a.series['sanctions.regime_secondary'].mean[t]);
    });
  });

  it('without Power of Siberia 2, pipeline gas never exceeds the other pipelines\' capacity (with their overrun); with it, it does in some paths', async () => {
    const never = loadLibraryScenario('pos2-never.json');
    const early = loadLibraryScenario('pos2-early.json');
    const others = never.energy.pipelineGas.projects.filter((p) => p.id !== 'power-of-siberia-2').reduce((a, p) => a + p.capacity, 0);
    const pos = never.energy.pipelineGas.projects.find((p) => p.id === 'power-of-siberia')!.capacity;
    const start = early.energy.pipelineGas.projects.find((p) => p.id === 'power-of-siberia-2')!.startYear.earliest;
    const [a, b] = await Promise.all([runScenario(never, options), runScenario(early, options)]);
    const overrun = 1 + never.energy.pipelineGas.overrunMaxShare;
    // Quantiles come from 0.5 %-wide bins, so the reported maximum may sit half a bin above.
    a.series['energy.pipeline_gas'].max.forEach((v) => expect(v).toBeLessThanOrEqual(others * overrun * 1.005));
    const after = b.years.map((y, t) => [y, b.series['energy.pipeline_gas'].max[t]] as const).filter(([y]) => y > start + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const [, v] of after) {
      expect(v).toBeGreaterThan(pos);
      expect(v).toBeGreaterThan(others * overrun);
    }
  });
});

describe('determinism', () => {
  it('gives the same report for any chunk size in-process, and through the real pool', async () => {
    const opts = { runs: 5000, seed: 3 };
    const a = reportJson(await runScenario(baseline, { ...opts, workers: 0 }));
    const b = reportJson(await runScenario(baseline, { ...opts, workers: 0, chunkPaths: 1024 }));
    const c = reportJson(await runScenario(baseline, { ...opts, workers: 2, chunkPaths: 2048 }));
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('changes with the seed', async () => {
    const a = await runScenario(baseline, { runs: 2000, seed: 1, workers: 0 });
    const b = await runScenario(baseline, { runs: 2000, seed: 2, workers: 0 });
    expect(a.series['trade.turnover'].mean).not.toEqual(b.series['trade.turnover'].mean);
  });
});
