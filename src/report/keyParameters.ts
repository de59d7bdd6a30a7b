import { REGIMES, type InfrastructureItem, type Scenario, type YearPath } from '../scenario/types.js';

/** One assumption a reader needs to judge a forecast, in words, with where it comes from. */
export interface KeyParameter {
  /** What the assumption is, with its unit. */
  readonly name: string;
  readonly value: string;
  /** JSON pointer into the scenario, so a reader can find and change it. */
  readonly pointer: string;
  /** The scenario's own source note for it (its `sources` entry), when it has one. */
  readonly source?: string;
}

function formatPath(path: YearPath): string {
  return path.map((p) => `${p.year}: ${p.value}`).join(', ');
}

function percent(share: number): string {
  return `${+(share * 100).toFixed(1)} %`;
}

function startWindow(item: InfrastructureItem): string {
  const { earliest, latest } = item.startYear;
  return earliest === latest ? `from ${earliest}` : `between ${earliest} and ${latest}`;
}

function infrastructureLine(item: InfrastructureItem, unit: string): string {
  const built = item.probabilityBuilt === 1 ? 'certain' : `${percent(item.probabilityBuilt)} likely to be built`;
  return `${item.capacity} ${unit}, ${built}, starting ${startWindow(item)}, ${item.rampYears}-year ramp`;
}

/**
 * The levers that move the forecast most, read off a resolved scenario for the report's header:
 * the oil anchor, the sanctions regime and its odds, growth, the uncertain infrastructure and the
 * settlement ceiling. Each carries its pointer and the scenario's source note.
 *
 * @example
 * keyParameters(baseline)[0]; // { name: 'Brent anchor (USD/bbl)', value: '2025: 75, 2030: 75, 2035: 78', pointer: '/oil/anchorUsdPerBarrel', source: '…' }
 */
export function keyParameters(s: Scenario): KeyParameter[] {
  const out: KeyParameter[] = [];
  const add = (name: string, value: string, pointer: string, sourcePointer = pointer) => {
    const source = s.sources?.[sourcePointer];
    out.push(source === undefined ? { name, value, pointer } : { name, value, pointer, source });
  };
  add('Brent anchor the price reverts to (USD/bbl)', formatPath(s.oil.anchorUsdPerBarrel), '/oil/anchorUsdPerBarrel');
  add('Oil price jump: chance per year, mean size (log)', `${percent(s.oil.jumpProbabilityPerYear)}, ${s.oil.jumpMeanLog}`, '/oil/jumpProbabilityPerYear');
  const r0 = s.sanctions.initialRegime;
  add('Sanctions regime at the start', r0.replace('_', ' '), '/sanctions/initialRegime');
  const leave = REGIMES.filter((r) => r !== r0)
    .map((r) => `${r.replace('_', ' ')} ${percent(s.sanctions.transitionMatrix[r0][r])}`)
    .join(', ');
  add(`Chance per year of leaving the ${r0.replace('_', ' ')} regime`, leave, `/sanctions/transitionMatrix/${r0}`, '/sanctions/transitionMatrix');
  s.sanctions.events.forEach((e, i) => {
    add(`Sanctions event in ${e.year}`, `${percent(e.probability)} chance of moving to ${e.to.replace('_', ' ')}${e.note ? ` (${e.note})` : ''}`, `/sanctions/events/${i}`);
  });
  add('China real GDP growth path (%)', formatPath(s.macro.chinaGdpGrowthPct), '/macro/chinaGdpGrowthPct');
  add('Russia trend real GDP growth path (%)', formatPath(s.macro.russiaTrendGrowthPct), '/macro/russiaTrendGrowthPct');
  s.energy.pipelineGas.projects.forEach((item, i) => {
    const pointer = `/energy/pipelineGas/projects/${i}`;
    out.push({ name: `Gas pipeline: ${item.name}`, value: infrastructureLine(item, 'bcm/yr'), pointer, ...(item.source ? { source: item.source } : {}) });
  });
  s.energy.lng.plants.forEach((item, i) => {
    const pointer = `/energy/lng/plants/${i}`;
    const sanctioned = item.sanctioned ? ' (under sanctions)' : '';
    out.push({ name: `LNG plant: ${item.name}${sanctioned}`, value: infrastructureLine(item, 'Mt/yr'), pointer, ...(item.source ? { source: item.source } : {}) });
  });
  add('Seaborne crude capacity to China (Mt/yr)', formatPath(s.energy.crude.seaborneCapacityMt), '/energy/crude/seaborneCapacityMt');
  add('Rail capacity usable for coal to China (Mt/yr)', formatPath(s.energy.coal.railCapacityMtPerYear), '/energy/coal/railCapacityMtPerYear');
  add('Pipeline delivery above nameplate, most (each path draws 0 to this)', percent(s.energy.pipelineGas.overrunMaxShare), '/energy/pipelineGas/overrunMaxShare');
  const range = s.settlement.ceilingRange;
  add(
    'Ceiling of the rouble + yuan settlement share',
    range ? `${percent(s.settlement.ceiling)} (each path draws ${percent(range.min)} to ${percent(range.max)})` : percent(s.settlement.ceiling),
    range ? '/settlement/ceilingRange' : '/settlement/ceiling',
  );
  const damping = s.trade.trendDampingPerYear ?? 1;
  add('Share of last year\'s calibrated trade trend kept each year', damping === 1 ? '100 % (undamped)' : percent(damping), '/trade/trendDampingPerYear');
  return out;
}
