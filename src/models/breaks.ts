/**
 * The log size of a break, given the standard normal z drawn for it: a break moves a flow by at
 * least the threshold that defines one (`minLog`), plus a half-normal excess with mean
 * `meanExcessLog`; its sign is z's, so breaks are mean zero (the trends carry average growth).
 * Drawing from the normal's sign and size keeps one number per break, as before.
 *
 * @example
 * breakSizeLog(0.2, 0.1, 1);  // 0.2 + 0.1·√(π/2)·1 ≈ 0.325
 * breakSizeLog(0.2, 0.1, -1); // ≈ −0.325
 */
export function breakSizeLog(minLog: number, meanExcessLog: number, z: number): number {
  const size = minLog + meanExcessLog * HALF_NORMAL_MEAN_INVERSE * Math.abs(z);
  return z < 0 ? -size : size;
}

/** 1 / E|z| for a standard normal z: √(π/2), so that meanExcessLog·√(π/2)·|z| has mean meanExcessLog. */
const HALF_NORMAL_MEAN_INVERSE = Math.sqrt(Math.PI / 2);
