import { DRIVERS, REGIMES, type Geography, type InfrastructureItem, type Question, type Scenario, type YearPath } from './types.js';
import { choleskyPsd } from '../stats/cholesky.js';

/** Tolerance for "sums to 1" in hand-written JSON (e.g. 0.1 + 0.2 + 0.7). */
export const SUM_TOLERANCE = 1e-6;

/** A problem the JSON Schema cannot express; `pointer` is relative to the merged document. */
export interface SemanticProblem {
  readonly pointer: string;
  readonly message: string;
}

function checkPath(p: YearPath, pointer: string, out: SemanticProblem[]): void {
  for (let i = 1; i < p.length; i++) {
    if (p[i].year <= p[i - 1].year) {
      out.push({ pointer: `${pointer}/${i}/year`, message: `years must increase along the path (${p[i - 1].year} then ${p[i].year})` });
    }
  }
}

function checkItems(items: readonly InfrastructureItem[], pointer: string, baseYear: number | undefined, out: SemanticProblem[]): void {
  const ids = new Set<string>();
  items.forEach((item, i) => {
    const at = `${pointer}/${i}`;
    if (ids.has(item.id)) out.push({ pointer: `${at}/id`, message: `duplicate id ${JSON.stringify(item.id)}` });
    ids.add(item.id);
    if (item.startYear.earliest > item.startYear.latest) {
      out.push({ pointer: `${at}/startYear`, message: `earliest (${item.startYear.earliest}) is after latest (${item.startYear.latest})` });
    }
    // Items already running in the data's last year are facts, not risks: the base year's
    // utilisation is calibrated on them, so their existence and start cannot be uncertain.
    if (baseYear !== undefined && item.startYear.earliest <= baseYear) {
      if (item.startYear.latest !== item.startYear.earliest || item.probabilityBuilt !== 1) {
        out.push({
          pointer: `${at}/startYear`,
          message: `starts by the last data year ${baseYear}, so it must be certain (probabilityBuilt 1, earliest = latest); give uncertain items a start after ${baseYear}`,
        });
      }
    }
  });
}

/**
 * Rules beyond the JSON Schema. Pure: returns problems, throws nothing.
 *
 * @example
 * semanticProblems(scenarioWithRowSumming0_9).map(p => p.pointer); // ['/sanctions/transitionMatrix/easing']
 */
export function semanticProblems(s: Scenario, baseYear?: number): SemanticProblem[] {
  const out: SemanticProblem[] = [];
  for (const from of REGIMES) {
    const row = s.sanctions.transitionMatrix[from];
    const sum = REGIMES.reduce((acc, to) => acc + row[to], 0);
    if (Math.abs(sum - 1) > SUM_TOLERANCE) {
      out.push({ pointer: `/sanctions/transitionMatrix/${from}`, message: `row sums to ${+sum.toFixed(9)}; the probabilities of leaving ${from} must sum to 1` });
    }
  }
  const split = s.settlement.nonNationalSplit;
  const splitSum = split.usd + split.eur + split.other;
  if (Math.abs(splitSum - 1) > SUM_TOLERANCE) {
    out.push({ pointer: '/settlement/nonNationalSplit', message: `usd + eur + other = ${+splitSum.toFixed(9)}; must be 1` });
  }
  if (s.correlation) out.push(...correlationProblems(s.correlation));
  checkPath(s.oil.anchorUsdPerBarrel, '/oil/anchorUsdPerBarrel', out);
  checkPath(s.macro.chinaGdpGrowthPct, '/macro/chinaGdpGrowthPct', out);
  checkPath(s.macro.russiaTrendGrowthPct, '/macro/russiaTrendGrowthPct', out);
  checkPath(s.energy.crude.seaborneCapacityMt, '/energy/crude/seaborneCapacityMt', out);
  checkPath(s.energy.coal.railCapacityMtPerYear, '/energy/coal/railCapacityMtPerYear', out);
  const cap = s.sanctions.priceCap;
  cap?.reviews.forEach((r, i) => {
    if (i > 0 && r.year <= cap.reviews[i - 1].year) out.push({ pointer: `/sanctions/priceCap/reviews/${i}/year`, message: `review years must increase (${cap.reviews[i - 1].year} then ${r.year})` });
  });
  const range = s.settlement.ceilingRange;
  if (range && !(range.min <= s.settlement.ceiling && s.settlement.ceiling <= range.max)) {
    out.push({ pointer: '/settlement/ceilingRange', message: `must hold the central ceiling ${s.settlement.ceiling} (got ${range.min} to ${range.max})` });
  }
  checkItems(s.energy.pipelineGas.projects, '/energy/pipelineGas/projects', baseYear, out);
  checkItems(s.energy.lng.plants, '/energy/lng/plants', baseYear, out);
  if (baseYear !== undefined && s.horizon <= baseYear) {
    out.push({ pointer: '/horizon', message: `must be after the last data year ${baseYear} (got ${s.horizon})` });
  }
  // Question years are checked against the projection only once the horizon itself is valid.
  const horizonValid = baseYear === undefined || s.horizon > baseYear;
  if (s.questions && horizonValid) out.push(...questionProblems(s.questions, s.horizon, baseYear));
  s.sanctions.events.forEach((e, i) => {
    if (baseYear !== undefined && e.year <= baseYear) {
      out.push({ pointer: `/sanctions/events/${i}/year`, message: `events must fall in the projection (after ${baseYear}); got ${e.year}` });
    }
  });
  if (s.geography) out.push(...geographyProblems(s.geography, baseYear));
  return out;
}

/** Energy carriers Russian exports must list, each once, so the groups add up to the flow. */
const CARRIERS = ['crude_oil', 'oil_products', 'pipeline_gas', 'lng', 'coal'] as const;

function duplicateIds(items: ReadonlyArray<{ readonly id: string }>, pointer: string, out: SemanticProblem[]): void {
  const seen = new Set<string>();
  items.forEach((x, i) => {
    if (seen.has(x.id)) out.push({ pointer: `${pointer}/${i}/id`, message: `duplicate id ${JSON.stringify(x.id)}` });
    seen.add(x.id);
  });
}

function groupProblems(groups: Geography['exportsRuCn'], pointer: string, regions: Geography['regions'], russianExports: boolean, out: SemanticProblem[]): void {
  duplicateIds(groups, pointer, out);
  const remainder = regions.find((r) => r.remainder === true)?.id;
  const regionIds = new Set(regions.map((r) => r.id));
  let shareSum = 0;
  let shared = 0;
  groups.forEach((g, i) => {
    const at = `${pointer}/${i}`;
    if (g.energyCarrier !== undefined) {
      if (!russianExports) out.push({ pointer: `${at}/energyCarrier`, message: 'only groups of Russian exports are energy carriers (Chinese exports are shared out whole)' });
      if (g.baseShare !== undefined || g.usdPerTonne !== undefined) out.push({ pointer: at, message: 'an energy carrier takes its value from the energy block: give no baseShare or usdPerTonne' });
    } else {
      shared++;
      if (g.baseShare === undefined) out.push({ pointer: `${at}/baseShare`, message: 'a group that is not an energy carrier needs its base-year share' });
      shareSum += g.baseShare ?? 0;
    }
    let listed = 0;
    for (const [id, v] of Object.entries(g.regionShares)) {
      if (!regionIds.has(id)) out.push({ pointer: `${at}/regionShares/${id}`, message: `no region has the id ${JSON.stringify(id)}` });
      else if (id === remainder) out.push({ pointer: `${at}/regionShares/${id}`, message: `${id} is the remainder region: it takes what the listed shares leave` });
      listed += v;
    }
    if (listed > 1 + SUM_TOLERANCE) out.push({ pointer: `${at}/regionShares`, message: `the regional shares sum to ${+listed.toFixed(9)}; at most 1` });
  });
  if (shared === 0) out.push({ pointer, message: 'needs at least one group that is not an energy carrier (it takes the remainder)' });
  else if (Math.abs(shareSum - 1) > SUM_TOLERANCE) out.push({ pointer, message: `the base shares of the groups that are not energy carriers sum to ${+shareSum.toFixed(9)}; must be 1` });
  if (russianExports) {
    for (const c of CARRIERS) {
      const n = groups.filter((g) => g.energyCarrier === c).length;
      if (n !== 1) out.push({ pointer, message: `the energy carrier ${c} must be exactly one group (got ${n}), so the groups add up to Russian exports` });
    }
  }
}

/** The geography section: ids resolve, shares add up, routes are either existing or projects. */
export function geographyProblems(g: Geography, baseYear: number | undefined): SemanticProblem[] {
  const out: SemanticProblem[] = [];
  duplicateIds(g.regions, '/geography/regions', out);
  const remainders = g.regions.filter((r) => r.remainder === true).length;
  if (remainders !== 1) out.push({ pointer: '/geography/regions', message: `exactly one region must be the remainder (got ${remainders})` });
  groupProblems(g.exportsRuCn, '/geography/exportsRuCn', g.regions, true, out);
  groupProblems(g.exportsCnRu, '/geography/exportsCnRu', g.regions, false, out);
  duplicateIds(g.routes, '/geography/routes', out);
  const regionIds = new Set(g.regions.map((r) => r.id));
  let existingShare = 0;
  g.routes.forEach((r, i) => {
    const at = `/geography/routes/${i}`;
    if (r.id === 'unserved') out.push({ pointer: `${at}/id`, message: 'the id "unserved" is taken by route.unserved.volume' });
    if (r.project) {
      if (r.capacityMtPerYear || r.baseShare !== undefined || r.spillTo !== undefined) out.push({ pointer: at, message: 'a project (new route) gives no capacityMtPerYear, baseShare or spillTo: its capacity is its project’s, and it carries its divertShare of its origins' });
      if (r.project.startYear.earliest > r.project.startYear.latest) out.push({ pointer: `${at}/project/startYear`, message: `earliest (${r.project.startYear.earliest}) is after latest (${r.project.startYear.latest})` });
      if (baseYear !== undefined && r.project.startYear.earliest <= baseYear) out.push({ pointer: `${at}/project/startYear`, message: `a project starts after the last data year ${baseYear}; a route running by then is an existing route (capacityMtPerYear)` });
      r.project.origins.forEach((id, k) => {
        if (!regionIds.has(id)) out.push({ pointer: `${at}/project/origins/${k}`, message: `no region has the id ${JSON.stringify(id)}` });
      });
      return;
    }
    if (!r.capacityMtPerYear) out.push({ pointer: at, message: 'an existing route needs capacityMtPerYear (or is a project)' });
    else checkPath(r.capacityMtPerYear, `${at}/capacityMtPerYear`, out);
    if (r.baseShare === undefined) out.push({ pointer: `${at}/baseShare`, message: 'an existing route needs its base share of the rail-borne tonnage' });
    existingShare += r.baseShare ?? 0;
    if (r.spillTo !== undefined) {
      const k = g.routes.findIndex((x) => x.id === r.spillTo);
      if (k <= i || g.routes[k].project) out.push({ pointer: `${at}/spillTo`, message: `must name an existing route later in the list (got ${JSON.stringify(r.spillTo)})` });
    }
  });
  if (Math.abs(existingShare - 1) > SUM_TOLERANCE) out.push({ pointer: '/geography/routes', message: `the existing routes' base shares sum to ${+existingShare.toFixed(9)}; must be 1` });
  return out;
}

/** Question ids are unique; each says exactly one "when", and its years fall in the projection. */
export function questionProblems(questions: readonly Question[], horizon: number, baseYear: number | undefined): SemanticProblem[] {
  const out: SemanticProblem[] = [];
  const ids = new Set<string>();
  questions.forEach((q, i) => {
    const at = `/questions/${i}`;
    if (ids.has(q.id)) out.push({ pointer: `${at}/id`, message: `duplicate question id ${JSON.stringify(q.id)}` });
    ids.add(q.id);
    const given = QUESTION_WHEN.filter((k) => q[k] !== undefined);
    if (given.length !== 1) {
      out.push({ pointer: at, message: `give exactly one of ${QUESTION_WHEN.join(', ')} (got ${given.length === 0 ? 'none' : given.join(', ')})` });
      return;
    }
    const key = given[0];
    const year = q[key];
    if (typeof year === 'number') {
      const first = baseYear === undefined ? -Infinity : baseYear + 1;
      if (year < first || year > horizon) {
        const range = baseYear === undefined ? `up to ${horizon}` : `${first}–${horizon}`;
        out.push({ pointer: `${at}/${key}`, message: `${year} is outside the projection (${range}); a scenario that projects other years can drop inherited questions with "questions": []` });
      }
    }
  });
  return out;
}

/** The four ways a question says when its condition is tested. */
export const QUESTION_WHEN = ['year', 'by', 'anyYear', 'everyYearThrough'] as const;

/**
 * A correlation matrix must be symmetric, have ones on its diagonal and be positive
 * semi-definite. When it is not PSD, the entries that cannot hold together are named (those of
 * the first row where the factorisation fails, against the drivers before it): no silent repair.
 */
export function correlationProblems(c: NonNullable<Scenario['correlation']>): SemanticProblem[] {
  const out: SemanticProblem[] = [];
  DRIVERS.forEach((a, i) => {
    if (Math.abs(c[a][a] - 1) > SUM_TOLERANCE) out.push({ pointer: `/correlation/${a}/${a}`, message: `a driver's correlation with itself must be 1 (got ${c[a][a]})` });
    DRIVERS.slice(i + 1).forEach((b) => {
      if (Math.abs(c[a][b] - c[b][a]) > SUM_TOLERANCE) out.push({ pointer: `/correlation/${a}/${b}`, message: `must equal /correlation/${b}/${a} (${c[a][b]} vs ${c[b][a]}): the matrix must be symmetric` });
    });
  });
  if (out.length > 0) return out;
  const matrix = DRIVERS.map((a) => DRIVERS.map((b) => c[a][b]));
  const f = choleskyPsd(matrix);
  if (!f.ok) {
    const row = DRIVERS[f.failedRow];
    const entries = DRIVERS.slice(0, f.failedRow)
      .map((b) => `/correlation/${row}/${b} = ${c[row][b]}`)
      .join(', ');
    out.push({
      pointer: `/correlation/${row}`,
      message: `the correlation matrix is not positive semi-definite: ${entries} cannot hold together with the correlations among ${DRIVERS.slice(0, f.failedRow).join(', ')} (no such joint distribution exists)`,
    });
  }
  return out;
}
