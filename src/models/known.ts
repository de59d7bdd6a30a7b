import type { EnergyCapacities, EnergyState } from './energy.js';
import type { Mutable } from './mutable.js';
import type { OilState } from './oil.js';
import type { TradeState } from './trade.js';

/**
 * Series a run can be conditioned on (`run --actuals`): each sets the state of its block, so the
 * following years continue from the known value rather than from the path's own draw.
 */
export const KNOWN_SERIES = ['oil.brent', 'energy.crude_oil', 'energy.pipeline_gas', 'energy.lng', 'energy.coal', 'trade.exports_ru_cn', 'trade.exports_cn_ru', 'trade.turnover'] as const;
export type KnownSeries = (typeof KNOWN_SERIES)[number];

/** A value known for a projected year, as the user gives it (an actuals row, or the library's `known` option). */
export interface KnownValueInput {
  readonly series: string;
  readonly year: number;
  readonly value: number;
}

/** A known value resolved for the kernel: plain numbers (it travels to workers with the parameters). */
export interface KnownEntry {
  /** Index into KNOWN_SERIES. */
  readonly series: number;
  /** Index of the projected year. */
  readonly t: number;
  readonly value: number;
}

const KNOWN = {
  brent: KNOWN_SERIES.indexOf('oil.brent'),
  crude: KNOWN_SERIES.indexOf('energy.crude_oil'),
  gas: KNOWN_SERIES.indexOf('energy.pipeline_gas'),
  lng: KNOWN_SERIES.indexOf('energy.lng'),
  coal: KNOWN_SERIES.indexOf('energy.coal'),
  exportsRuCn: KNOWN_SERIES.indexOf('trade.exports_ru_cn'),
  exportsCnRu: KNOWN_SERIES.indexOf('trade.exports_cn_ru'),
  turnover: KNOWN_SERIES.indexOf('trade.turnover'),
} as const;

/** Volumes may be 0 (a carrier stopped); prices and trade flows must be positive (the blocks grow them multiplicatively). */
const MAY_BE_ZERO: ReadonlySet<string> = new Set(['energy.crude_oil', 'energy.pipeline_gas', 'energy.lng', 'energy.coal']);

/**
 * What is wrong with each known value (by its index in `values`), against the projected years: a
 * series that cannot be conditioned on, a year outside the projection, a value that is not a
 * positive number, a series and year given twice, or a turnover given with both flows in one year
 * (over-determined). The CLI names the file and line of each, the library the option's index.
 *
 * @example
 * knownValueProblems([{ series: 'trade.turnover', year: 2019, value: 1 }], [2025, 2026]);
 * // [{ index: 0, message: 'year 2019 is not projected (the projection covers 2025–2026)' }]
 */
export function knownValueProblems(values: readonly KnownValueInput[], years: readonly number[]): Array<{ index: number; message: string }> {
  const out: Array<{ index: number; message: string }> = [];
  const seen = new Map<string, number>();
  const range = years.length > 0 ? `${years[0]}–${years[years.length - 1]}` : 'no years';
  values.forEach((k, index) => {
    if (!(KNOWN_SERIES as readonly string[]).includes(k.series)) {
      out.push({ index, message: `series ${JSON.stringify(k.series)} cannot be conditioned on (known values are taken for ${KNOWN_SERIES.join(', ')})` });
      return;
    }
    if (!Number.isInteger(k.year) || !years.includes(k.year)) out.push({ index, message: `year ${k.year} is not projected (the projection covers ${range})` });
    if (typeof k.value !== 'number' || !Number.isFinite(k.value) || k.value < 0 || (k.value === 0 && !MAY_BE_ZERO.has(k.series))) {
      out.push({ index, message: `value ${String(k.value)} of ${k.series} must be a ${MAY_BE_ZERO.has(k.series) ? 'number ≥ 0' : 'positive number'}` });
    }
    const key = `${k.series}|${k.year}`;
    const first = seen.get(key);
    if (first !== undefined) out.push({ index, message: `${k.series} in ${k.year} is already given (entry ${first + 1})` });
    else seen.set(key, index);
  });
  values.forEach((k, index) => {
    if (k.series !== 'trade.turnover' || seen.get(`trade.turnover|${k.year}`) !== index) return;
    const flow = (s: KnownSeries) => values[seen.get(`${s}|${k.year}`) ?? -1]?.value;
    const ru = flow('trade.exports_ru_cn');
    const cn = flow('trade.exports_cn_ru');
    if (ru !== undefined && cn !== undefined) out.push({ index, message: `trade.turnover in ${k.year} is given with both export flows: give the turnover or the two flows, not all three` });
    else if ((ru ?? cn) !== undefined && (ru ?? cn)! >= k.value) out.push({ index, message: `trade.turnover in ${k.year} (${k.value}) must exceed the export flow given for that year (${ru ?? cn})` });
  });
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Resolve validated known values against the projected years, in year order.
 *
 * @example
 * knownEntries([{ series: 'trade.turnover', year: 2026, value: 240 }], [2025, 2026]); // [{ series: 7, t: 1, value: 240 }]
 */
export function knownEntries(values: readonly KnownValueInput[], years: readonly number[]): KnownEntry[] {
  return values
    .map((k) => ({ series: (KNOWN_SERIES as readonly string[]).indexOf(k.series), t: years.indexOf(k.year), value: k.value }))
    .sort((a, b) => a.t - b.t || a.series - b.series);
}

/** The known value of `series` in year index `t`, or undefined. */
function knownAt(known: readonly KnownEntry[], t: number, series: number): number | undefined {
  for (let i = 0; i < known.length; i++) if (known[i].t === t && known[i].series === series) return known[i].value;
  return undefined;
}

/**
 * Brent known this year: the price is the known value, and the accumulated shock is set so that
 * the oil block's mean reversion continues from it.
 *
 * @example
 * applyKnownOil(known, t, oil, logAnchor, logBaseBrent); // oil.brentUsdPerBarrel === the known price
 */
export function applyKnownOil(known: readonly KnownEntry[], t: number, oil: Mutable<OilState>, logAnchor: number, logBaseBrent: number): void {
  const v = knownAt(known, t, KNOWN.brent);
  if (v === undefined) return;
  const w = oil.basePriceWeight;
  oil.logDeviation = Math.log(v) - ((1 - w) * logAnchor + w * logBaseBrent);
  oil.brentUsdPerBarrel = v;
}

/**
 * Energy volumes known this year: each volume is the known value, and the state behind it moves
 * with it — China's crude and coal demand by the same factor, pipeline utilisation and China's LNG
 * share to what the capacity in force implies — so the following years grow from the known volume.
 *
 * @example
 * applyKnownEnergy(known, t, energy, caps); // energy.pipelineGasBcm === the known bcm
 */
export function applyKnownEnergy(known: readonly KnownEntry[], t: number, energy: Mutable<EnergyState>, caps: EnergyCapacities): void {
  const crude = knownAt(known, t, KNOWN.crude);
  if (crude !== undefined) {
    energy.crudeDemandMt = energy.crudeOilMt > 0 ? energy.crudeDemandMt * (crude / energy.crudeOilMt) : crude;
    energy.seaborneCrudeMt = Math.max(0, energy.seaborneCrudeMt + crude - energy.crudeOilMt);
    energy.crudeOilMt = crude;
  }
  const gas = knownAt(known, t, KNOWN.gas);
  if (gas !== undefined) {
    if (caps.pipelineGasBcm > 0) energy.gasUtilisationShare = Math.min(caps.pipelineGasFullUseShare, gas / caps.pipelineGasBcm);
    energy.pipelineGasBcm = gas;
  }
  const lng = knownAt(known, t, KNOWN.lng);
  if (lng !== undefined) {
    if (caps.lngMt > 0) energy.lngChinaShare = Math.min(1, lng / caps.lngMt);
    energy.lngMt = lng;
  }
  const coal = knownAt(known, t, KNOWN.coal);
  if (coal !== undefined) {
    energy.coalDemandMt = energy.coalMt > 0 ? energy.coalDemandMt * (coal / energy.coalMt) : coal;
    energy.coalMt = coal;
  }
}

/** Non-energy exports never fall below this share of known Russian exports (a known total below this year's energy value). */
const NON_ENERGY_FLOOR_SHARE = 0.05;

/**
 * Trade known this year. A known flow is that flow; a known turnover with one flow sets the other;
 * a turnover alone scales both flows by the same factor. The state follows: Chinese exports' level
 * (its persistent noise factor) by the flow's factor, Russian non-energy exports to the known total
 * less this year's energy value — so later years continue from the known values.
 *
 * @example
 * applyKnownTrade(known, t, trade, energyValueUsdBn); // trade.turnoverUsdBn === the known turnover
 */
export function applyKnownTrade(known: readonly KnownEntry[], t: number, trade: Mutable<TradeState>, energyValueUsdBn: number): void {
  let ru = knownAt(known, t, KNOWN.exportsRuCn);
  let cn = knownAt(known, t, KNOWN.exportsCnRu);
  const turnover = knownAt(known, t, KNOWN.turnover);
  if (ru === undefined && cn === undefined && turnover === undefined) return;
  if (turnover !== undefined) {
    if (ru !== undefined) cn = turnover - ru;
    else if (cn !== undefined) ru = turnover - cn;
    else {
      const f = turnover / trade.turnoverUsdBn;
      ru = trade.exportsRuCnUsdBn * f;
      cn = trade.exportsCnRuUsdBn * f;
    }
  }
  if (cn !== undefined) {
    trade.noiseFactor *= cn / trade.exportsCnRuUsdBn;
    trade.exportsCnRuUsdBn = cn;
  }
  if (ru !== undefined) {
    trade.nonEnergyExportsRuCnUsdBn = Math.max(ru - energyValueUsdBn, NON_ENERGY_FLOOR_SHARE * ru);
    trade.exportsRuCnUsdBn = ru;
  }
  // The known turnover exactly (a sum of the flows could differ from it in the last bit).
  trade.turnoverUsdBn = turnover ?? trade.exportsRuCnUsdBn + trade.exportsCnRuUsdBn;
  trade.balanceUsdBn = trade.exportsRuCnUsdBn - trade.exportsCnRuUsdBn;
}
