/**
 * Naming a run's parameters for worker threads. A task carries its parameters as a structured
 * clone, a fresh object graph every time; the caches keyed by the parameters' identity (the
 * generated series writer, the series list, the allocation scratch) would then be rebuilt for
 * every chunk. The sender names the parameters with a key; a worker keeps the first copy it
 * receives under that key and uses it for every later task with the same key.
 */

const paramsKeys = new WeakMap<object, string>();
let paramsKeyCount = 0;

/**
 * The key of a parameters object (or of an array of them): the same object gets the same key,
 * another object another key, unique in this process.
 *
 * @example
 * paramsKeyOf(params) === paramsKeyOf(params); // true
 */
export function paramsKeyOf(params: object): string {
  let key = paramsKeys.get(params);
  if (key === undefined) paramsKeys.set(params, (key = `params-${++paramsKeyCount}`));
  return key;
}

/**
 * A worker's memory of the last parameters it received: `keep(key, received)` returns the copy
 * kept under `key` when there is one, otherwise keeps `received` (an undefined key keeps nothing).
 *
 * @example
 * const keep = keptParams<number[]>(); keep('a', [1]); keep('a', [2]); // [1]
 */
export function keptParams<T>(): (key: string | undefined, received: T) => T {
  let kept: { readonly key: string; readonly value: T } | undefined;
  return (key, received) => {
    if (key === undefined) return received;
    if (kept?.key === key) return kept.value;
    kept = { key, value: received };
    return received;
  };
}
