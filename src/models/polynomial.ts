// polynomial: ŷ = b + Σⱼ Σₚ cⱼₚ·xⱼᵖ, linear regression on powers of each feature.

import { InputError } from '../errors.js';
import type { Standardizer } from '../record/standardizer.js';
import { affineForward, checkInterceptFree, defaultFeatureNames } from './affine.js';
import { perRows } from './buffers.js';
import { affineTrainer } from './linear.js';
import type { Model, ReportedParams, Trainer } from './model.js';
import { flattenParams, paramLayout } from './params.js';

export interface PolynomialOptions {
  featureNames?: readonly string[];
  /** The training inputs (rows × inputs): the powers are standardized with their mean and spread. */
  x?: Float64Array;
}

/**
 * Polynomial regression of degree D: each feature xⱼ expands to xⱼ¹…xⱼᴰ (no cross terms), and a
 * linear model is fitted on the expansion. Powers of even modest inputs span many orders of
 * magnitude, which makes gradient descent crawl; so each power column is standardized with its mean
 * and standard deviation over the training inputs `x`, and `report` turns the coefficients back into
 * those of xⱼᵖ in the original units: `{ intercept, <feature>: [c₁, …, c_D] }`. Params
 * `{ weight: [inputs, D], bias: [1] }` (on the standardized powers) start at 0.
 *
 * @example
 * // b + c₁x + c₂x², its powers scaled on the x given
 * const model = polynomial(2, 1, { x: Float64Array.of(-1, 0, 1, 2) });
 * model.layout.size; // → 3
 * model.spec; // → 'poly:2'
 */
export function polynomial(degree: number, inputs: number, options: PolynomialOptions = {}): Model {
  if (!Number.isInteger(degree) || degree < 1 || degree > 20) {
    throw new InputError(
      (name) => `${name('model')}: polynomial degree must be a whole number from 1 to 20, got ${degree}`,
      { key: 'model' },
    );
  }
  const featureNames = options.featureNames ?? defaultFeatureNames(inputs);
  checkInterceptFree(featureNames, `poly:${degree}`);
  const width = inputs * degree;
  const mean = new Float64Array(width);
  const std = new Float64Array(width).fill(1);
  if (options.x !== undefined && options.x.length > 0) powerStatistics(options.x, inputs, degree, mean, std);
  const expand = (x: Float64Array, rows: number, out: Float64Array): void => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < inputs; j++) {
        const v = x[i * inputs + j]!;
        let power = 1;
        for (let p = 0; p < degree; p++) {
          power *= v;
          const c = j * degree + p;
          out[i * width + c] = (power - mean[c]!) / std[c]!;
        }
      }
    }
  };
  const layout = paramLayout([
    { name: 'weight', shape: [inputs, degree] },
    { name: 'bias', shape: [1] },
  ]);
  return {
    spec: `poly:${degree}`,
    task: 'regression',
    inputs,
    outputs: 1,
    layout,
    weightMask: new Uint8Array(width + 1).fill(1, 0, width),
    layers: [{ name: 'polynomial', offset: 0, size: width + 1 }],
    init: () => new Float64Array(width + 1),
    apply(params, x) {
      const rows = x.length / inputs;
      const expanded = new Float64Array(rows * width);
      expand(x, rows, expanded);
      const out = new Float64Array(rows);
      affineForward(flattenParams(params, layout), expanded, rows, width, new Float64Array(width), out);
      return out;
    },
    trainer(loss) {
      const inner = affineTrainer(width, loss, `poly:${degree}`);
      const expanded = perRows((rows) => new Float64Array(rows * width));
      const powers = (x: Float64Array, rows: number): Float64Array => {
        const out = expanded(rows);
        expand(x, rows, out);
        return out;
      };
      // Bound rows are expanded once, into an array of their own that the inner trainer binds in turn.
      let bound: { x: Float64Array; y: Float64Array; powers: Float64Array } | null = null;
      const powersOf = (x: Float64Array, y: Float64Array): Float64Array =>
        bound !== null && x === bound.x && y === bound.y ? bound.powers : powers(x, y.length);
      const trainer: Trainer = {
        valueAndGradient: (params, x, y, grad) => inner.valueAndGradient(params, powersOf(x, y), y, grad),
        value: (params, x, y) => inner.value(params, powersOf(x, y), y),
        outputs: (params, x) => inner.outputs(params, powers(x, x.length / inputs)),
        bind(x, y) {
          const binding = { x, y, powers: new Float64Array(y.length * width) };
          expand(x, y.length, binding.powers);
          const release = inner.bind?.(binding.powers, y);
          bound = binding;
          return () => {
            release?.();
            if (bound === binding) bound = null;
          };
        },
      };
      const hessian = inner.hessian;
      if (hessian) trainer.hessian = (params, x, y, out) => hessian(params, powersOf(x, y), y, out);
      const leastSquares = inner.leastSquares;
      // A copy of the powers: the problem keeps its rows, and the per-size buffer is reused.
      if (leastSquares) trainer.leastSquares = (x, y) => leastSquares(Float64Array.from(powersOf(x, y)), y);
      return trainer;
    },
    report(params, scaling) {
      const entries: [string, number[]][] = [];
      let intercept = params[width]!;
      const coefficients = featureNames.map((_, j) => {
        // Undo the power standardization: w·(xᵖ − μ)/σ = (w/σ)·xᵖ − w·μ/σ.
        const c = new Float64Array(degree);
        for (let p = 0; p < degree; p++) {
          const k = j * degree + p;
          c[p] = params[k]! / std[k]!;
          intercept -= c[p]! * mean[k]!;
        }
        return c;
      });
      featureNames.forEach((name, j) => {
        const [c, shift] = unscalePolynomial(coefficients[j]!, scaling, j);
        intercept += shift;
        entries.push([name, Array.from(c)]);
      });
      // fromEntries defines own properties, so a column named __proto__ keeps its coefficients.
      return Object.fromEntries([['intercept', intercept], ...entries]) as ReportedParams;
    },
  };
}

function powerStatistics(
  x: Float64Array,
  inputs: number,
  degree: number,
  mean: Float64Array,
  std: Float64Array,
): void {
  const rows = x.length / inputs;
  const width = inputs * degree;
  const sum = new Float64Array(width);
  const squares = new Float64Array(width);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < inputs; j++) {
      let power = 1;
      for (let p = 0; p < degree; p++) {
        power *= x[i * inputs + j]!;
        sum[j * degree + p] = sum[j * degree + p]! + power;
      }
    }
  }
  for (let c = 0; c < width; c++) mean[c] = sum[c]! / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < inputs; j++) {
      let power = 1;
      for (let p = 0; p < degree; p++) {
        power *= x[i * inputs + j]!;
        const c = j * degree + p;
        squares[c] = squares[c]! + (power - mean[c]!) ** 2;
      }
    }
  }
  for (let c = 0; c < width; c++) {
    const s = Math.sqrt(squares[c]! / rows);
    // A constant power column carries no information; leave it unscaled rather than divide by 0.
    std[c] = s > 0 && Number.isFinite(s) ? s : 1;
  }
}

/**
 * With x = (u − m)/s, Σₚ cₚxᵖ = Σ_q (Σ_{p≥q} cₚ·C(p,q)·s^(−q)·(−m/s)^(p−q))·u^q. Returns the
 * coefficients of u¹…u^D and the constant term, which joins the intercept.
 */
function unscalePolynomial(c: Float64Array, scaling: Standardizer | null, j: number): [Float64Array, number] {
  if (scaling === null) return [c, 0];
  const m = scaling.mean[j]!;
  const s = scaling.std[j]!;
  const degree = c.length;
  const out = new Float64Array(degree);
  let constant = 0;
  for (let p = 1; p <= degree; p++) {
    let binomial = 1;
    for (let q = 0; q <= p; q++) {
      const term = c[p - 1]! * binomial * s ** -q * (-m / s) ** (p - q);
      if (q === 0) constant += term;
      else out[q - 1] = out[q - 1]! + term;
      binomial = (binomial * (p - q)) / (q + 1);
    }
  }
  return [out, constant];
}
