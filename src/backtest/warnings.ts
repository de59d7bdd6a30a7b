/** One thing a backtest could not use, to be reported (never dropped silently). */
export interface Unscored {
  /** What it is about: a series name, or a file and series. */
  readonly subject: string;
  /** Why it was not scored, in words. */
  readonly reason: string;
  /** Where: a year or a line number. */
  readonly where: string;
}

/** Details listed per warning before the rest is summarised as a count. */
const DETAILS_SHOWN = 6;
/** Warnings listed before the rest is summarised as a count. */
const GROUPS_SHOWN = 12;

/**
 * One warning per subject and reason, each with its count and the first few places, capped in
 * number: a file with a thousand unknown rows gives a readable handful of lines, not a thousand.
 *
 * @example
 * groupWarnings([{ subject: 'fx.usd_rub', reason: 'the engine does not project it', where: '2016' },
 *                { subject: 'fx.usd_rub', reason: 'the engine does not project it', where: '2017' }]);
 * // ['fx.usd_rub: 2 rows not scored (2016, 2017): the engine does not project it']
 */
export function groupWarnings(items: readonly Unscored[]): string[] {
  const groups = new Map<string, Unscored[]>();
  for (const item of items) {
    const key = `${item.subject}\0${item.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const lines = [...groups.values()].slice(0, GROUPS_SHOWN).map((g) => {
    const places = g.slice(0, DETAILS_SHOWN).map((x) => x.where);
    const more = g.length > DETAILS_SHOWN ? `, … ${g.length - DETAILS_SHOWN} more` : '';
    return `${g[0].subject}: ${g.length} ${g.length === 1 ? 'row' : 'rows'} not scored (${places.join(', ')}${more}): ${g[0].reason}`;
  });
  if (groups.size > GROUPS_SHOWN) {
    const rest = [...groups.values()].slice(GROUPS_SHOWN);
    lines.push(`… and ${rest.reduce((a, g) => a + g.length, 0)} more rows not scored, in ${rest.length} more groups`);
  }
  return lines;
}
