/**
 * The series every report carries, in a fixed order (the kernel writes one row per series).
 * Names say what a series is; units travel with them into every output.
 */
export const SERIES = [
  { name: 'trade.turnover', unit: 'USD bn', description: 'Russia–China trade turnover (China customs basis)' },
  { name: 'trade.exports_ru_cn', unit: 'USD bn', description: 'Russian exports to China' },
  { name: 'trade.exports_cn_ru', unit: 'USD bn', description: 'Chinese exports to Russia' },
  { name: 'trade.balance', unit: 'USD bn', description: 'Russian exports minus Chinese exports' },
  { name: 'trade.energy_exports_ru_cn', unit: 'USD bn', description: 'Value of mineral fuels (HS 27: crude, pipeline gas, LNG, coal and oil products) exported to China' },
  { name: 'trade.non_energy_exports_ru_cn', unit: 'USD bn', description: 'Russian exports to China other than mineral fuels (metals, timber, fish, agriculture, chemicals)' },
  { name: 'trade.crude_oil_value', unit: 'USD bn', description: 'Value of crude oil exported to China' },
  { name: 'trade.pipeline_gas_value', unit: 'USD bn', description: 'Value of pipeline gas exported to China' },
  { name: 'trade.lng_value', unit: 'USD bn', description: 'Value of LNG exported to China' },
  { name: 'trade.coal_value', unit: 'USD bn', description: 'Value of coal exported to China' },
  { name: 'trade.oil_products_value', unit: 'USD bn', description: 'Value of oil products and other mineral fuels (HS 27 less crude, gas, LNG and coal) exported to China' },
  { name: 'energy.crude_oil', unit: 'Mt', description: 'Crude oil exported to China' },
  { name: 'energy.pipeline_gas', unit: 'bcm', description: 'Pipeline gas exported to China' },
  { name: 'energy.pipeline_gas_capacity', unit: 'bcm/yr', description: 'Pipeline capacity to China in force (nameplate × the path\'s allowance above it)' },
  { name: 'energy.lng', unit: 'Mt', description: 'LNG exported to China' },
  { name: 'energy.coal', unit: 'Mt', description: 'Coal exported to China' },
  { name: 'energy.coal_rail_capacity', unit: 'Mt/yr', description: 'Rail and crossing capacity usable for coal to China' },
  { name: 'oil.brent', unit: 'USD/bbl', description: 'Brent, annual average' },
  { name: 'oil.russian_crude_price', unit: 'USD/bbl', description: 'Price of Russian crude delivered to China (Brent − discount)' },
  { name: 'macro.china_gdp_growth', unit: '% real', description: 'China real GDP growth' },
  { name: 'macro.russia_gdp_growth', unit: '% real', description: 'Russia real GDP growth' },
  { name: 'macro.rub_per_usd_index', unit: 'index, base year = 1', description: 'RUB per USD relative to the base year (above 1: weaker rouble)' },
  // Near its ceiling (0.95–0.99): quantiles are taken on 1 − share, see complementBinned.
  { name: 'settlement.national', unit: 'share 0–1', description: 'Share of settlements in roubles and yuan', complementBinned: true },
  { name: 'settlement.rub', unit: 'share 0–1', description: 'Share of settlements in roubles' },
  { name: 'settlement.cny', unit: 'share 0–1', description: 'Share of settlements in yuan' },
  { name: 'settlement.usd', unit: 'share 0–1', description: 'Share of settlements in US dollars' },
  { name: 'settlement.eur', unit: 'share 0–1', description: 'Share of settlements in euros' },
  { name: 'settlement.other', unit: 'share 0–1', description: 'Share of settlements in other currencies (HKD, AED, …)' },
  { name: 'sanctions.regime_easing', unit: 'share of paths', description: 'Paths in the easing regime (mean = probability)' },
  { name: 'sanctions.regime_status_quo', unit: 'share of paths', description: 'Paths in the status-quo regime (mean = probability)' },
  { name: 'sanctions.regime_tightening', unit: 'share of paths', description: 'Paths in the tightening regime (mean = probability)' },
  { name: 'sanctions.regime_secondary', unit: 'share of paths', description: 'Paths under secondary sanctions on Chinese banks (mean = probability)' },
] as const;

export type SeriesName = (typeof SERIES)[number]['name'];
export const SERIES_COUNT = SERIES.length;

/**
 * Does the summary bin this series as 1 − x? For shares that crowd against 1: the histogram's
 * relative accuracy then applies to the distance from 1, so 0.975 and 0.980 stay apart.
 */
export function complementBinned(name: SeriesName): boolean {
  const s = SERIES[SERIES_INDEX[name]];
  return 'complementBinned' in s && s.complementBinned === true;
}

/** Row index of a series in the kernel's output. */
export const SERIES_INDEX: Readonly<Record<SeriesName, number>> = Object.fromEntries(SERIES.map((s, i) => [s.name, i])) as Record<SeriesName, number>;

/** The headline series: the report's tables, fan charts and precision section, and the backtest's scores. */
export const HEADLINE_SERIES: readonly SeriesName[] = [
  'trade.turnover',
  'trade.exports_ru_cn',
  'trade.exports_cn_ru',
  'trade.balance',
  'energy.crude_oil',
  'energy.pipeline_gas',
  'energy.lng',
  'energy.coal',
  'oil.brent',
  'settlement.national',
];

/** Report series observed in data/history.csv under another name (report name → data name). */
export const HISTORY_ALIASES: Readonly<Record<string, string>> = {
  'macro.china_gdp_growth': 'gdp.china_growth',
  'macro.russia_gdp_growth': 'gdp.russia_growth',
};
