import type { History } from '../data/history.js';

/** The series the base year must have: the projection starts from their last common year. */
export const BASE_SERIES = [
  'trade.turnover',
  'trade.exports_ru_cn',
  'trade.exports_cn_ru',
  'oil.brent',
  'energy.crude_oil',
  'energy.pipeline_gas',
  'energy.lng',
  'energy.coal',
] as const;

/** Observed values of the base year (the last year all base series share), read from data/. */
export interface BaseYearData {
  readonly year: number;
  readonly turnoverUsdBn: number;
  readonly exportsRuCnUsdBn: number;
  readonly exportsCnRuUsdBn: number;
  readonly brentUsdPerBarrel: number;
  readonly previousBrentUsdPerBarrel: number;
  readonly crudeOilMt: number;
  readonly pipelineGasBcm: number;
  readonly lngMt: number;
  readonly coalMt: number;
  /** Mean of the national-share statements dated in the latest year that has any, up to the base year. */
  readonly nationalShare: number;
  readonly nationalShareYear: number;
}

/**
 * Read the base year from the data. `year` defaults to the last year every base series has, so
 * newer data move the base year with no code change; a hindcast passes an earlier year.
 *
 * @example
 * baseYearData(loadHistory()).year; // the last data year (2024 with the shipped data)
 */
export function baseYearData(history: History, year: number = history.lastCommonYear(BASE_SERIES)): BaseYearData {
  const statementYears = history.settlementStatements.map((s) => Math.floor(s.decimalYear)).filter((y) => y <= year);
  if (statementYears.length === 0) throw new Error(`data/settlement-statements.csv has no statement up to ${year}`);
  const nationalShareYear = Math.max(...statementYears);
  const shares = history.settlementStatements.filter((s) => Math.floor(s.decimalYear) === nationalShareYear).map((s) => s.nationalShare);
  return {
    year,
    turnoverUsdBn: history.value('trade.turnover', year),
    exportsRuCnUsdBn: history.value('trade.exports_ru_cn', year),
    exportsCnRuUsdBn: history.value('trade.exports_cn_ru', year),
    brentUsdPerBarrel: history.value('oil.brent', year),
    previousBrentUsdPerBarrel: history.value('oil.brent', year - 1),
    crudeOilMt: history.value('energy.crude_oil', year),
    pipelineGasBcm: history.value('energy.pipeline_gas', year),
    lngMt: history.value('energy.lng', year),
    coalMt: history.value('energy.coal', year),
    nationalShare: shares.reduce((a, b) => a + b, 0) / shares.length,
    nationalShareYear,
  };
}
