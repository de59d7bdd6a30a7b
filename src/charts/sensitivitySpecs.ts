import type { TopLevelSpec } from 'vega-lite';
import type { SobolOutput, SobolResult, TornadoOutput, TornadoResult } from '../sensitivity/analysis.js';
import { VEGA_LITE_SCHEMA } from './specs.js';

/** Bars a tornado chart shows (the JSON carries every lever). */
export const TORNADO_BARS = 15;

const LOW_HIGH = { domain: ['lever low', 'lever high'], range: ['#4e79a7', '#f28e2b'] };

/**
 * A tornado chart of one output: for the levers that move its median most, a bar from 0 to the
 * change of the median with the lever low and one with it high, largest effect at the top.
 *
 * @example
 * tornadoSpec(result, result.outputs[0]); // horizontal bars, one row per lever
 */
export function tornadoSpec(result: TornadoResult, output: TornadoOutput): TopLevelSpec {
  const bars = output.bars.slice(0, TORNADO_BARS);
  const values = bars.flatMap((b, rank) => [
    { lever: b.lever, rank, setting: 'lever low', change: b.low.p50 },
    { lever: b.lever, rank, setting: 'lever high', change: b.high.p50 },
  ]);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `What moves the median of ${output.series} in ${output.year} (${output.unit})`, subtitle: `${result.scenario.name}: one lever at a time, ${result.runs.toLocaleString('en-US')} common paths; median ${output.base.p50.toPrecision(4)} ${output.unit}` },
    width: 420,
    height: { step: 16 },
    data: { values },
    mark: { type: 'bar', opacity: 0.85 },
    encoding: {
      y: { field: 'lever', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null, axis: { labelLimit: 360 } },
      x: { field: 'change', type: 'quantitative', title: `change of the median (${output.unit})` },
      x2: { datum: 0 },
      color: { field: 'setting', type: 'nominal', scale: LOW_HIGH, legend: { orient: 'top', title: null } },
    },
  } as TopLevelSpec;
}

/**
 * First-order and total Sobol indices of one output, a pair of bars per group with the bootstrap
 * intervals as rules.
 *
 * @example
 * sobolSpec(result, result.outputs[0]); // six groups, two bars each
 */
export function sobolSpec(result: SobolResult, output: SobolOutput): TopLevelSpec {
  const values = (output.indices ?? []).flatMap((g) => [
    { group: g.group, index: 'first order', estimate: g.first.estimate, low: g.first.low, high: g.first.high },
    { group: g.group, index: 'total', estimate: g.total.estimate, low: g.total.low, high: g.total.high },
  ]);
  const y = { field: 'group', type: 'nominal', sort: result.groups.map((g) => g.name), title: null } as const;
  const offset = { field: 'index', type: 'nominal', sort: ['first order', 'total'] } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Share of the variance of ${output.series} in ${output.year} (${output.unit})`, subtitle: `${result.scenario.name}: Sobol indices by input group, ${result.evaluations.toLocaleString('en-US')} model evaluations, ${Math.round(result.bootstrap.level * 100)} % bootstrap intervals` },
    width: 420,
    height: { step: 14 },
    data: { values },
    encoding: { y, yOffset: offset },
    layer: [
      { mark: { type: 'bar', opacity: 0.85, clip: true }, encoding: { x: { field: 'estimate', type: 'quantitative', title: 'share of variance (0–1)', scale: { domain: [0, 1] } }, color: { field: 'index', type: 'nominal', scale: { domain: ['first order', 'total'], range: ['#1f4e9c', '#9ab6e0'] }, legend: { orient: 'top', title: null } } } },
      { mark: { type: 'rule', color: '#222222', clip: true }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  } as TopLevelSpec;
}
