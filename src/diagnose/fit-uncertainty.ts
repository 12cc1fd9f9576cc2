// fitUncertainty: standard errors of least-squares parameters, and which ones the data cannot tell apart.

import { euclideanNorm } from '../numeric/euclidean-norm.js';
import { pivotedQr } from '../numeric/pivoted-qr.js';
import { symmetricEigen } from '../numeric/symmetric-eigen.js';

/** How well the data pin the parameters down, from the Jacobian at the optimum. */
export type Determination = 'well-determined' | 'ill-determined' | 'singular';

export interface FitUncertainty {
  /** √diag(s²(JᵀJ)⁻¹) by parameter, s² = SSE/(m − n); null when JᵀJ is singular or m ≤ n. */
  readonly standardErrors: readonly (number | null)[];
  readonly determination: Determination;
  /** λmax/λmin of JᵀJ with its columns scaled to unit length (1 for orthogonal columns). */
  readonly condition: number;
  /** The parameters that trade off along the flattest direction, largest share first (empty when well determined). */
  readonly tradeOff: readonly { readonly index: number; readonly weight: number }[];
}

/** Scaled condition numbers above this make the fit ill-determined: some parameter combination moves the
 * residuals a hundred thousand times less than the best-determined one (√κ > 10⁵). */
const ILL = 1e10;
/** Above this the scaled JᵀJ is singular in double precision: its smallest eigenvalue is rounding. */
const SINGULAR = 1e-2 / 2 ** -52;

/**
 * The standard errors of parameters fitted by least squares in scipy curve_fit's convention,
 * √diag(s²·(JᵀJ)⁻¹) with s² = SSE/(m − n), from the Jacobian `jacobian` (column-major m×n) at the
 * optimum. (JᵀJ)⁻¹ comes from a pivoted QR of J with unit-length columns, so it is accurate to
 * √κ rather than κ. The eigenvector of the scaled JᵀJ's smallest eigenvalue names the parameters
 * that trade off; the fit is `singular` when that eigenvalue is rounding (no standard errors) and
 * `ill-determined` when it is tiny against the largest (condition above 10¹⁰).
 *
 * @example
 * fitUncertainty(jacobian, 14, 2, sse).standardErrors; // [2.707, 7.27e-6] for NIST Misra1a
 */
export function fitUncertainty(jacobian: Float64Array, m: number, n: number, sse: number): FitUncertainty {
  const scale = new Float64Array(n);
  const a = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    scale[j] = euclideanNorm(jacobian, j * m, m);
    const d = scale[j] === 0 ? 1 : scale[j]!;
    for (let i = 0; i < m; i++) a[i + j * m] = jacobian[i + j * m]! / d;
  }
  const gram = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += a[i + p * m]! * a[i + q * m]!;
      gram[p * n + q] = sum;
      gram[q * n + p] = sum;
    }
  }
  const { values, vectors } = symmetricEigen(gram, n);
  let lo = 0;
  let hi = 0;
  for (let k = 1; k < n; k++) {
    if (values[k]! < values[lo]!) lo = k;
    if (values[k]! > values[hi]!) hi = k;
  }
  const condition = values[lo]! > 0 ? values[hi]! / values[lo]! : Number.POSITIVE_INFINITY;
  const zeroColumn = scale.some((s) => s === 0);
  const determination: Determination =
    zeroColumn || !(condition < SINGULAR)
      ? 'singular'
      : condition > ILL
        ? 'ill-determined'
        : 'well-determined';
  const tradeOff =
    determination === 'well-determined'
      ? []
      : Array.from({ length: n }, (_, j) => ({ index: j, weight: vectors[j * n + lo]! }))
          .filter((t) => Math.abs(t.weight) >= 0.1)
          .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  const none = new Array<number | null>(n).fill(null);
  if (determination === 'singular' || m <= n || !Number.isFinite(sse)) {
    return { standardErrors: none, determination, condition, tradeOff };
  }
  const s2 = sse / (m - n);
  const qr = pivotedQr(a, m, n);
  // R⁻¹ by back substitution, column by column; diag((RᵀR)⁻¹) is the squared row norms of R⁻¹.
  const inverse = new Float64Array(n * n);
  const r = (i: number, j: number): number => (i === j ? qr.rDiagonal[i]! : qr.a[i + j * m]!);
  for (let c = 0; c < n; c++) {
    for (let i = c; i >= 0; i--) {
      let sum = i === c ? 1 : 0;
      for (let k = i + 1; k <= c; k++) sum -= r(i, k) * inverse[k * n + c]!;
      inverse[i * n + c] = sum / r(i, i);
    }
  }
  const standardErrors = [...none];
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let c = k; c < n; c++) sum += inverse[k * n + c]! ** 2;
    const j = qr.pivot[k]!;
    const se = Math.sqrt(s2 * sum) / scale[j]!;
    standardErrors[j] = Number.isFinite(se) ? se : null;
  }
  return { standardErrors, determination, condition, tradeOff };
}
