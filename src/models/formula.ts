// formula: a model a person types, "a*exp(-b*t) + c" — columns are its inputs, other names its params.

import { InputError } from '../errors.js';
import { compileExpression } from '../expr/expression.js';
import { formatNumber } from '../numeric/format.js';
import type { LeastSquares } from '../numeric/least-squares.js';
import type { Model, ReportedParams, Trainer } from './model.js';
import { paramLayout } from './params.js';

export interface FormulaOptions {
  /** The data's feature columns: a name of the formula that is one of them is an input. */
  readonly featureNames: readonly string[];
  /** The target column, which the formula may not use. */
  readonly targetName?: string;
  /** Starting values by parameter name; a parameter left out starts at 1 (scipy's curve_fit). */
  readonly start?: Readonly<Record<string, number>>;
}

/** The formula's parameters and the columns it reads, each sorted by name. */
export interface FormulaNames {
  readonly parameters: readonly string[];
  readonly columns: readonly string[];
}

/** Where a name first stands in the formula (1-based column), for messages. */
function columnOf(source: string, name: string): number {
  const match = new RegExp(`(^|[^A-Za-z0-9_])${name}(?![A-Za-z0-9_])`).exec(source);
  return match === null ? 1 : match.index + match[1]!.length + 1;
}

/**
 * Sorts the names of a formula into parameters and columns, refusing what cannot be meant: a
 * formula that reads no column (every name would be a parameter; a misspelt column is the usual
 * cause), one that reads the target or has nothing to fit, and starting values for names that are
 * not parameters — a column named there by mistake, or a name the formula does not use.
 *
 * @example
 * formulaNames('a*exp(-b*t) + c', ['t']); // { parameters: ['a', 'b', 'c'], columns: ['t'] }
 */
export function formulaNames(
  source: string,
  featureNames: readonly string[],
  targetName?: string,
  start: Readonly<Record<string, number>> = {},
): FormulaNames {
  let variables: readonly string[];
  try {
    variables = compileExpression(source).variables;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError((n) => `${n('formula')}: ${error.message.replace(/^expression: /, '')}`, {
      key: 'formula',
      ...(error.column !== undefined && { column: error.column }),
    });
  }
  const where = (name: string): string => `"${name}" (column ${columnOf(source, name)} of the formula)`;
  if (targetName !== undefined && variables.includes(targetName)) {
    throw new InputError(
      (n) =>
        `${n('formula')}: ${where(targetName)} is the target column; a formula predicts it from the other columns`,
      { key: 'formula', column: columnOf(source, targetName) },
    );
  }
  const columns = variables.filter((v) => featureNames.includes(v));
  const parameters = variables.filter((v) => !featureNames.includes(v));
  if (columns.length === 0) {
    // The likeliest misspelt column: a name equal to one but for case, else one of two letters or more
    // that begins the other or that the other begins (time for t; a lone a, b, c is a parameter's name).
    const fold = (name: string): string => name.toLowerCase();
    const near = (test: (p: string, c: string) => boolean) =>
      parameters
        .map((p) => [p, featureNames.find((c) => test(fold(p), fold(c)))] as const)
        .find(([, c]) => c !== undefined);
    // Else the first name that does not read as a parameter's (a, b, c, d, k, m, w, alone or numbered):
    // in a*q it is q, not a.
    const parameterLike = /^[a-dkmw]\d*$/i;
    const [guess, column] = near((p, c) => p === c) ??
      near((p, c) => p.length > 1 && (p.startsWith(c) || c.startsWith(p))) ?? [
        parameters.find((p) => !parameterLike.test(p)),
      ];
    throw new InputError(
      (n) =>
        `${n('formula')}: "${source}" uses no column of the data (columns: ${featureNames.join(', ')})${
          guess === undefined
            ? `; every name in it (${parameters.join(', ')}) would be a parameter`
            : `; every name in it would be a parameter — is ${where(guess)} meant to be ${column === undefined ? 'a column' : `the column "${column}"`}?`
        }`,
      { key: 'formula', ...(guess !== undefined && { column: columnOf(source, guess) }) },
    );
  }
  if (parameters.length === 0) {
    throw new InputError(
      (n) => `${n('formula')}: "${source}" has no parameters to fit (every name in it is a column)`,
      { key: 'formula' },
    );
  }
  if (typeof start !== 'object' || start === null || Array.isArray(start)) {
    throw new InputError(
      (n) =>
        `${n('params')}: expected starting values by name, e.g. { a: 2, b: 0.5 }, got ${JSON.stringify(start)}`,
      { key: 'params' },
    );
  }
  for (const [name, value] of Object.entries(start)) {
    if (featureNames.includes(name) || name === targetName) {
      throw new InputError(
        (n) =>
          `${n('params')}: "${name}" is a column of the data, not a parameter of the formula (its parameters: ${parameters.join(', ')})`,
        { key: 'params' },
      );
    }
    if (!parameters.includes(name)) {
      throw new InputError(
        (n) =>
          `${n('params')}: "${name}" is not a parameter of the formula (its parameters: ${parameters.join(', ')})`,
        { key: 'params' },
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InputError(
        (n) =>
          `${n('params')}: ${name} must start at a finite number, got ${typeof value === 'number' ? formatNumber(value) : JSON.stringify(value)}`,
        { key: 'params' },
      );
  }
  return { parameters, columns };
}

/**
 * A regression model from a typed formula (CONTRACT "Formula models"): the names that are columns
 * of the data are inputs, every other name is a parameter, reported by name. Each row goes through
 * the compiled expression, whose reverse-mode gradient is that row of the Jacobian ∂ŷ/∂p. The
 * trainer takes every regression loss; with mse it also has the exact Hessian (for newton) and
 * gives Levenberg–Marquardt the residuals ŷᵢ − yᵢ with their Jacobian.
 *
 * @example
 * const model = formulaModel('a*exp(-b*t) + c', { featureNames: ['t'], start: { a: 2, b: 0.5 } });
 * model.layout.entries.map((e) => e.name); // → ['a', 'b', 'c']
 * [...model.init(Math.random)]; // → [2, 0.5, 1]
 */
export function formulaModel(source: string, options: FormulaOptions): Model {
  const { featureNames } = options;
  const names = formulaNames(source, featureNames, options.targetName, options.start);
  const f = compileExpression(source);
  const inputs = featureNames.length;
  const p = names.parameters.length;
  const v = f.variables.length;
  // Where each variable of the compiled point comes from: parameter k (k ≥ 0) or column c (−1 − c).
  const origin = Int32Array.from(f.variables, (name) => {
    const k = names.parameters.indexOf(name);
    return k >= 0 ? k : -1 - featureNames.indexOf(name);
  });
  const slot = Int32Array.from(names.parameters, (name) => f.variables.indexOf(name));
  const point = new Float64Array(v);
  const gradient = new Float64Array(v);
  const rowHessian = new Float64Array(v * v);
  const load = (params: Float64Array, x: Float64Array, row: number): void => {
    for (let s = 0; s < v; s++) {
      const from = origin[s]!;
      point[s] = from >= 0 ? params[from]! : x[row * inputs - 1 - from]!;
    }
  };
  const predict = (params: Float64Array, x: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < out.length; i++) {
      load(params, x, i);
      out[i] = f.value(point);
    }
  };
  /** Predictions into `out` and ∂ŷᵢ/∂pₖ into `jac`, column-major rows × p. */
  const predictWithJacobian = (
    params: Float64Array,
    x: Float64Array,
    out: Float64Array,
    jac: Float64Array,
  ) => {
    const rows = out.length;
    for (let i = 0; i < rows; i++) {
      load(params, x, i);
      out[i] = f.valueAndGradient(point, gradient);
      for (let k = 0; k < p; k++) jac[i + k * rows] = gradient[slot[k]!]!;
    }
  };
  const start = Float64Array.from(names.parameters, (name) => options.start?.[name] ?? 1);

  const trainer = (loss: Parameters<Model['trainer']>[0]): Trainer => {
    if (loss.target !== 'regression') {
      throw new InputError(
        (n) => `${n('loss')}: ${loss.name} is a classification loss; a formula model takes mse, mae or huber`,
        { key: 'loss' },
      );
    }
    const cache = new Map<number, { pred: Float64Array; dpred: Float64Array; jac: Float64Array }>();
    const buffers = (rows: number) => {
      let b = cache.get(rows);
      if (b === undefined) {
        b = { pred: new Float64Array(rows), dpred: new Float64Array(rows), jac: new Float64Array(rows * p) };
        cache.set(rows, b);
      }
      return b;
    };
    const t: Trainer = {
      valueAndGradient(params, x, y, grad) {
        const rows = y.length;
        const { pred, dpred, jac } = buffers(rows);
        predictWithJacobian(params, x, pred, jac);
        const value = loss.evaluate(pred, y, dpred);
        for (let k = 0; k < p; k++) {
          let sum = 0;
          for (let i = 0; i < rows; i++) sum += jac[i + k * rows]! * dpred[i]!;
          grad[k] = sum;
        }
        return value;
      },
      value(params, x, y) {
        const { pred } = buffers(y.length);
        predict(params, x, pred);
        return loss.evaluate(pred, y);
      },
      outputs(params, x) {
        const { pred } = buffers(x.length / inputs);
        predict(params, x, pred);
        return pred;
      },
    };
    if (loss.name === 'mse') {
      // The mean of (ŷᵢ − yᵢ)² has Hessian (2/n)·Σ (∇ŷᵢ∇ŷᵢᵀ + (ŷᵢ − yᵢ)·∇²ŷᵢ), each row's exact.
      t.hessian = (params, x, y, out) => {
        const rows = y.length;
        out.fill(0);
        for (let i = 0; i < rows; i++) {
          load(params, x, i);
          const r = f.valueAndGradient(point, gradient) - y[i]!;
          f.hessian(point, rowHessian);
          for (let a = 0; a < p; a++) {
            for (let b = 0; b < p; b++) {
              const ga = gradient[slot[a]!]!;
              const gb = gradient[slot[b]!]!;
              out[a * p + b] = out[a * p + b]! + ga * gb + r * rowHessian[slot[a]! * v + slot[b]!]!;
            }
          }
        }
        for (let k = 0; k < p * p; k++) out[k] = (out[k]! * 2) / rows;
      };
      t.leastSquares = (x, y) => residualProblem(x, y, p, predict, predictWithJacobian);
    }
    return t;
  };

  return {
    spec: 'formula',
    task: 'regression',
    inputs,
    outputs: 1,
    layout: paramLayout(names.parameters.map((name) => ({ name, shape: [] }))),
    weightMask: new Uint8Array(p).fill(1),
    layers: [{ name: 'formula', offset: 0, size: p }],
    init: () => Float64Array.from(start),
    apply(params, x) {
      const flat = Float64Array.from(names.parameters, (name) => params[name]?.[0] ?? Number.NaN);
      const out = new Float64Array(x.length / inputs);
      predict(flat, x, out);
      return out;
    },
    trainer,
    report: (params): ReportedParams =>
      Object.fromEntries(names.parameters.map((name, k) => [name, params[k]!])),
  };
}

/**
 * The residuals ŷᵢ − yᵢ of a model on fixed rows, with their Jacobian, as a least-squares problem.
 * `predictWithJacobian` writes the predictions and the column-major rows × p Jacobian of ŷ.
 */
export function residualProblem(
  x: Float64Array,
  y: Float64Array,
  p: number,
  predict: (params: Float64Array, x: Float64Array, out: Float64Array) => void,
  predictWithJacobian: (params: Float64Array, x: Float64Array, out: Float64Array, jac: Float64Array) => void,
): LeastSquares {
  const m = y.length;
  const pred = new Float64Array(m);
  return {
    residualCount: m,
    dimension: p,
    residuals(params, out) {
      predict(params, x, out);
      for (let i = 0; i < m; i++) out[i] = out[i]! - y[i]!;
    },
    jacobian: (params, out) => predictWithJacobian(params, x, pred, out),
  };
}
