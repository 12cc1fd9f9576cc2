// The affine map x·w + b shared by linear, polynomial and logistic models: forward, Hessian, report, unscaling.

import { InputError } from '../errors.js';
import { matmul } from '../kernels/matmul.js';
import type { Standardizer } from '../record/standardizer.js';
import type { ReportedParams } from './model.js';

/**
 * out[i] = x_i·w + b for `rows` rows, with w = params[0..cols) and b = params[cols]; `w` is a
 * scratch copy of the weights so the matmul kernel gets a vector of exactly `cols` numbers.
 *
 * @example
 * const out = new Float64Array(2);
 * affineForward(Float64Array.of(2, 1), Float64Array.of(0, 1), 2, 1, new Float64Array(1), out); // out = [1, 3]
 */
export function affineForward(
  params: Float64Array,
  x: Float64Array,
  rows: number,
  cols: number,
  w: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < cols; j++) w[j] = params[j]!;
  matmul(x, w, out, rows, cols, 1);
  const b = params[cols]!;
  for (let i = 0; i < rows; i++) out[i] = out[i]! + b;
}

/**
 * The Hessian (1/n)·Σ cᵢ·[xᵢ, 1][xᵢ, 1]ᵀ of a loss whose second derivative in the prediction of
 * row i is cᵢ (2 for squared error, p(1 − p) for logistic), into the (cols+1)² matrix `out`.
 *
 * @example
 * const h = new Float64Array(4);
 * affineHessian(Float64Array.of(1, 3), 2, 1, () => 2, h); // h = [10, 4, 4, 2]
 */
export function affineHessian(
  x: Float64Array,
  rows: number,
  cols: number,
  curvature: (i: number) => number,
  out: Float64Array,
): void {
  const d = cols + 1;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const c = curvature(i);
    const o = i * cols;
    for (let j = 0; j < d; j++) {
      const xj = j < cols ? x[o + j]! : 1;
      const cxj = c * xj;
      for (let k = j; k < d; k++) out[j * d + k] = out[j * d + k]! + cxj * (k < cols ? x[o + k]! : 1);
    }
  }
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const v = out[j * d + k]! / rows;
      out[j * d + k] = v;
      out[k * d + j] = v;
    }
  }
}

/**
 * Refuses a feature column named `intercept` for a model whose parameters hold `intercept` beside one
 * entry per column (CONTRACT's linear and logistic parameters, and poly's): the two would share a key,
 * and a script reading `parameters.intercept` would read the wrong number. An InputError by key
 * (features) that names the column and the fix — the features setting without it, which reads the
 * same whether the features were chosen or were every column but the target by default.
 *
 * @example
 * checkInterceptFree(['x', 'z'], 'linear'); // no error
 * try {
 *   checkInterceptFree(['intercept', 'x'], 'linear');
 * } catch (error) {
 *   console.log((error as InputError).key); // features
 *   console.log((error as InputError).message); // …; rename the column, or leave it out: features x
 * }
 */
export function checkInterceptFree(featureNames: readonly string[], model: string): void {
  if (!featureNames.includes('intercept')) return;
  const others = featureNames.filter((name) => name !== 'intercept');
  throw new InputError(
    (n) =>
      `a feature column is named "intercept", which ${model}'s parameters already use for the intercept (parameters.intercept); rename the column${others.length === 0 ? '' : `, or leave it out: ${n('features')} ${others.join(',')}`}`,
    { key: 'features' },
  );
}

/**
 * `{ intercept, <feature>: weight, … }` in original units (CONTRACT's linear and logistic parameters),
 * undoing the standardization of the inputs where there was one (no column is named intercept: see
 * checkInterceptFree).
 *
 * @example
 * affineReport(Float64Array.of(3, 1), ['x'], { mean: Float64Array.of(2), std: Float64Array.of(0.5) });
 * // { intercept: -11, x: 6 }
 */
export function affineReport(
  params: Float64Array,
  featureNames: readonly string[],
  scaling: Standardizer | null,
): ReportedParams {
  const cols = featureNames.length;
  const learned = { weights: params.subarray(0, cols), intercept: params[cols]! };
  const { weights, intercept } = scaling === null ? learned : unstandardizeLinear(learned, scaling);
  // fromEntries defines own properties, so a column named __proto__ or constructor keeps its weight.
  return Object.fromEntries([
    ['intercept', intercept],
    ...featureNames.map((name, j) => [name, weights[j]!] as const),
  ]) as ReportedParams;
}

/**
 * Names x1, x2, … for models built without column names.
 *
 * @example
 * defaultFeatureNames(2); // ['x1', 'x2']
 */
export function defaultFeatureNames(count: number): string[] {
  return Array.from({ length: count }, (_, j) => `x${j + 1}`);
}

/** Weights and intercept of one linear output ŷ = w·x + b. */
export interface LinearParams {
  readonly weights: Float64Array;
  readonly intercept: number;
}

/**
 * Maps a linear model learned on standardized features back to the original units, so users read
 * parameters for the data they gave. With z_j = (x_j − μ_j)/σ_j and ŷ' = w'·z + b':
 * w_j = w'_j / σ_j and b = b' − Σ_j w'_j μ_j / σ_j. When the target was standardized too (one-column
 * `target` statistics μ_y, σ_y), both are then scaled by σ_y and μ_y is added to the intercept.
 * For a logistic model the same map applies to the logit.
 *
 * @example
 * // learned ŷ = 3·z + 1 with z = (x − 2) / 0.5, i.e. ŷ = 6x − 11
 * const scaling = { mean: Float64Array.of(2), std: Float64Array.of(0.5) };
 * unstandardizeLinear({ weights: Float64Array.of(3), intercept: 1 }, scaling); // → { weights: [6], intercept: -11 }
 */
export function unstandardizeLinear(
  params: LinearParams,
  features: Standardizer,
  target?: Standardizer,
): LinearParams {
  const scale = target === undefined ? 1 : target.std[0]!;
  const shift = target === undefined ? 0 : target.mean[0]!;
  const weights = new Float64Array(params.weights.length);
  let intercept = params.intercept;
  for (let j = 0; j < weights.length; j++) {
    const w = params.weights[j]! / features.std[j]!;
    weights[j] = w * scale;
    intercept -= w * features.mean[j]!;
  }
  return { weights, intercept: intercept * scale + shift };
}
