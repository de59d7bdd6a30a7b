import { Matrix, inverse } from 'ml-matrix';

/** An ordinary-least-squares fit with what a path needs to draw its own coefficients. */
export interface OlsFit {
  /** β̂, one per column of X (in column order). */
  readonly coefficients: number[];
  /** Cov(β̂) = s²(XᵀX)⁻¹, row-major k × k. */
  readonly covariance: number[][];
  /** s = √(RSS / (n − k)): the unbiased residual standard deviation. */
  readonly residualSd: number;
  readonly residuals: number[];
  /** n − k. */
  readonly degreesOfFreedom: number;
  readonly rSquared: number;
}

/**
 * Ordinary least squares with the coefficients' covariance matrix (the sampling distribution a
 * path draws its parameters from). X holds the regressors row by row, including a column of ones
 * when an intercept is wanted; needs n > k. The inverse comes from ml-matrix (already installed
 * with ml-regression) rather than hand-written elimination.
 *
 * @example
 * const f = ordinaryLeastSquares([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 5, 8]);
 * f.coefficients; // [0.9, 2.3]
 * f.residualSd;   // √(0.3 / 2) ≈ 0.387
 */
export function ordinaryLeastSquares(x: readonly (readonly number[])[], y: readonly number[]): OlsFit {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  if (n <= k || k === 0) throw new Error(`ordinaryLeastSquares needs more rows (${n}) than columns (${k})`);
  const X = new Matrix(x.map((r) => [...r]));
  const xtxInverse = inverse(X.transpose().mmul(X));
  const beta = xtxInverse.mmul(X.transpose()).mmul(Matrix.columnVector([...y])).getColumn(0);
  const residuals = y.map((yi, i) => yi - x[i].reduce((acc, xij, j) => acc + xij * beta[j], 0));
  const rss = residuals.reduce((a, r) => a + r * r, 0);
  const s2 = rss / (n - k);
  const yMean = y.reduce((a, b) => a + b, 0) / n;
  const tss = y.reduce((a, yi) => a + (yi - yMean) ** 2, 0);
  return {
    coefficients: beta,
    covariance: xtxInverse.mul(s2).to2DArray(),
    residualSd: Math.sqrt(s2),
    residuals,
    degreesOfFreedom: n - k,
    rSquared: tss > 0 ? 1 - rss / tss : 0,
  };
}
