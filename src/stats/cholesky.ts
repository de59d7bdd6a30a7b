/** Result of factoring a symmetric matrix A = L·Lᵀ. */
export type CholeskyResult =
  | { readonly ok: true; readonly lower: Float64Array; readonly size: number }
  | { readonly ok: false; readonly failedRow: number; readonly failedColumn: number; readonly pivot: number };

/**
 * Cholesky factorisation that accepts positive *semi*-definite matrices (a zero pivot is allowed
 * when the rest of its column is zero too, e.g. two perfectly correlated drivers) and otherwise
 * reports where it fails: the first leading block that cannot be a correlation matrix ends at
 * `failedRow`. Row-major input and output.
 *
 * @example
 * choleskyPsd([[1, 0.5], [0.5, 1]]).ok; // true, lower = [1, 0, 0.5, 0.866…]
 * choleskyPsd([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]); // { ok: false, failedRow: 2, … }
 */
export function choleskyPsd(a: ReadonlyArray<ReadonlyArray<number>>, tolerance = 1e-10): CholeskyResult {
  const n = a.length;
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j][j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (d < -tolerance) return { ok: false, failedRow: j, failedColumn: j, pivot: d };
    const ljj = d > tolerance ? Math.sqrt(d) : 0;
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (ljj === 0) {
        // Zero pivot: PSD only if nothing is left to explain in this column.
        if (Math.abs(s) > Math.sqrt(tolerance)) return { ok: false, failedRow: i, failedColumn: j, pivot: d };
        L[i * n + j] = 0;
      } else L[i * n + j] = s / ljj;
    }
  }
  return { ok: true, lower: L, size: n };
}
