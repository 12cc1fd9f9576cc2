// The library runs behind a tour's numbers: the same calls the page's worker makes, for the step's own setting.

import {
  type Analysis,
  analyze,
  compileExpression,
  createMethod,
  type Expression,
  type MinimizeResult,
  minimize,
  type RunSummary,
  runSummary,
} from '../../../src/index.js';

const compiled = new Map<string, Expression>();

/** A compiled function, kept for the tour's life (tours ask for the same few again and again). */
export function expression(source: string): Expression {
  let f = compiled.get(source);
  if (f === undefined) {
    f = compileExpression(source);
    compiled.set(source, f);
  }
  return f;
}

/** The value of a one-variable function at x. */
export const valueAt = (source: string, x: number): number => expression(source).value(Float64Array.of(x));

/** The derivative of a one-variable function at x. */
export function slopeAt(source: string, x: number): number {
  const g = new Float64Array(1);
  expression(source).valueAndGradient(Float64Array.of(x), g);
  return g[0]!;
}

export interface GdRun {
  result: MinimizeResult;
  summary: RunSummary;
  /** The iterates x₀, x₁, … (one variable). */
  xs: number[];
}

/** Gradient descent as the 1d page runs it (same start, rate, limits and tolerance). */
export function gdRun(source: string, start: number[], lr: number, maxIterations: number): GdRun {
  const result = minimize(expression(source), {
    start: Float64Array.from(start),
    method: createMethod('gd', { learningRate: lr }),
    maxIterations,
    tol: 1e-8,
    recordPath: true,
    pathLimit: maxIterations + 1,
  });
  const points = result.path!.points;
  const n = start.length;
  return {
    result,
    summary: runSummary(result),
    xs: Array.from({ length: points.length / n }, (_, i) => points[i * n]!),
  };
}

const analyses = new Map<string, Analysis>();

/** analyze() on a one-variable function over a window, kept. */
export function analysis(source: string, domain: [number, number][]): Analysis {
  const key = `${source}|${JSON.stringify(domain)}`;
  let a = analyses.get(key);
  if (a === undefined) {
    a = analyze(expression(source), { domain });
    analyses.set(key, a);
  }
  return a;
}
