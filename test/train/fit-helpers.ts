// Small datasets and independent references (normal equations, IRLS) for the fit tests.

import type { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/data/random.js';

/** A dataset from row-major features and a target. */
export function dataset(
  featureNames: string[],
  features: number[] | Float64Array,
  target: number[] | Float64Array,
  classes: string[] | null = null,
): Dataset {
  return {
    name: 'test',
    featureNames,
    targetName: 'y',
    rows: target.length,
    features: Float64Array.from(features),
    target: Float64Array.from(target),
    classes,
  };
}

/** y = intercept + Σ w_j x_j + noise on `rows` rows of inputs drawn around `centre` with `spread`. */
export function linearData(
  rows: number,
  weights: number[],
  intercept: number,
  seed: number,
  centre = 1,
  spread = 1.5,
): Dataset {
  const rng = Random.seeded(seed);
  const cols = weights.length;
  const x = Float64Array.from({ length: rows * cols }, () => centre + spread * rng.uniform(-1, 1));
  const y = Float64Array.from({ length: rows }, (_, i) => {
    let v = intercept + 0.3 * rng.normal();
    for (let j = 0; j < cols; j++) v += weights[j]! * x[i * cols + j]!;
    return v;
  });
  return dataset(
    weights.map((_, j) => `x${j + 1}`),
    x,
    y,
  );
}

/** Solves A·s = b (n×n, row-major) by Gaussian elimination with partial pivoting. */
export function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const s = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[pivot * n + c]!)) pivot = r;
    for (let k = 0; k < n; k++) [m[c * n + k], m[pivot * n + k]] = [m[pivot * n + k]!, m[c * n + k]!];
    [s[c], s[pivot]] = [s[pivot]!, s[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c]! / m[c * n + c]!;
      for (let k = c; k < n; k++) m[r * n + k] = m[r * n + k]! - f * m[c * n + k]!;
      s[r] = s[r]! - f * s[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let v = s[c]!;
    for (let k = c + 1; k < n; k++) v -= m[c * n + k]! * s[k]!;
    s[c] = v / m[c * n + c]!;
  }
  return s;
}

/** Rows of [x, 1] and, per row, a weight: Σ cᵢ·[xᵢ,1][xᵢ,1]ᵀ and Σ [xᵢ,1]·zᵢ. */
function weightedNormal(data: Dataset, weight: (i: number) => number, z: (i: number) => number) {
  const cols = data.featureNames.length;
  const d = cols + 1;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let i = 0; i < data.rows; i++) {
    const row = [...data.features.subarray(i * cols, (i + 1) * cols), 1];
    for (let j = 0; j < d; j++) {
      b[j] = b[j]! + row[j]! * z(i) * weight(i);
      for (let k = 0; k < d; k++) a[j * d + k] = a[j * d + k]! + weight(i) * row[j]! * row[k]!;
    }
  }
  return { a, b, d };
}

/** Least squares [w…, b] from the normal equations XᵀX·θ = Xᵀy. */
export function leastSquares(data: Dataset): Float64Array {
  const { a, b, d } = weightedNormal(
    data,
    () => 1,
    (i) => data.target[i]!,
  );
  return solve(a, b, d);
}

/**
 * Logistic regression's optimum [w…, b] by iteratively reweighted least squares (Newton–Raphson on the
 * log-likelihood): θ ← (XᵀWX)⁻¹XᵀWz with W = diag(p(1−p)) and z = Xθ + (y − p)/(p(1−p)).
 */
export function irls(data: Dataset): Float64Array {
  const cols = data.featureNames.length;
  let theta: Float64Array = new Float64Array(cols + 1);
  for (let iteration = 0; iteration < 50; iteration++) {
    const eta = Float64Array.from({ length: data.rows }, (_, i) => {
      let v = theta[cols]!;
      for (let j = 0; j < cols; j++) v += theta[j]! * data.features[i * cols + j]!;
      return v;
    });
    const p = eta.map((v) => 1 / (1 + Math.exp(-v)));
    const w = (i: number) => p[i]! * (1 - p[i]!);
    const { a, b, d } = weightedNormal(data, w, (i) => eta[i]! + (data.target[i]! - p[i]!) / w(i));
    theta = solve(a, b, d);
  }
  return theta;
}
