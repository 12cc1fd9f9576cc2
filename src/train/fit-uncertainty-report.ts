// uncertaintyReport: a least-squares fit's standard errors by name, and plain words when its parameters trade off.

import type { Dataset } from '../data/dataset.js';
import { fitUncertainty } from '../diagnose/fit-uncertainty.js';
import type { Model, Trainer } from '../models/model.js';
import { formatNumber } from '../numeric/format.js';
import type { FitResult } from './fit-result.js';

/**
 * For an mse fit whose model gives residuals (formula, linear, poly, a custom regression model): the
 * Jacobian at `params` on the training rows, the standard errors it gives (fitUncertainty) by parameter
 * name (an array param's entries as `w[0]`, `w[1]`, … in row-major order), and a verdict that
 * names the parameters along the flattest direction when the fit is ill-determined or singular.
 * Null when the trainer has no residuals, or when the residuals or the Jacobian are not finite (a run
 * that overflowed). One Jacobian evaluation, not counted in `evaluations` (scipy also takes one after
 * MINPACK returns).
 *
 * @example
 * uncertaintyReport(model, trainer, train, params)?.standardErrors; // { a: 0.012, b: 0.004, c: 0.01 }
 */
export function uncertaintyReport(
  model: Model,
  trainer: Trainer,
  train: Dataset,
  params: Float64Array,
): Pick<FitResult, 'standardErrors' | 'determination'> | null {
  const problem = trainer.leastSquares?.(train.features, train.target);
  if (problem === undefined) return null;
  const m = problem.residualCount;
  const n = problem.dimension;
  const jacobian = new Float64Array(m * n);
  problem.jacobian(params, jacobian);
  const residuals = new Float64Array(m);
  problem.residuals(params, residuals);
  let sse = 0;
  for (let i = 0; i < m; i++) sse += residuals[i]! ** 2;
  // A run that overflowed has no local linear model to read standard errors from.
  if (!Number.isFinite(sse) || !jacobian.every(Number.isFinite)) return null;
  const names = model.layout.entries.flatMap((e) =>
    e.size === 1 ? [e.name] : Array.from({ length: e.size }, (_, k) => `${e.name}[${k}]`),
  );
  const u = fitUncertainty(jacobian, m, n, sse);
  const standardErrors = Object.fromEntries(names.map((name, j) => [name, u.standardErrors[j] ?? null]));
  const tradeOff = u.tradeOff.map((t) => names[t.index]!);
  const along = u.tradeOff
    .map((t) => `${t.weight < 0 ? '−' : '+'}${formatNumber(Math.abs(t.weight), 2)}·${names[t.index]}`)
    .join(' ');
  const list =
    tradeOff.length <= 2
      ? tradeOff.join(' and ')
      : `${tradeOff.slice(0, -1).join(', ')} and ${tradeOff.at(-1)}`;
  let message: string;
  if (u.determination === 'singular') {
    message = `the data cannot tell ${list} apart: JᵀJ is singular along ${along} (scaled), so they trade off exactly and have no standard errors — fix one or rewrite the ${model.spec === 'formula' ? 'formula' : 'model'}`;
  } else if (u.determination === 'ill-determined') {
    message = `the fit is ill-determined: ${list} trade off — along ${along} (scaled) the residuals barely change (JᵀJ's condition ${formatNumber(u.condition, 2)}), so their values and standard errors are fragile`;
  } else {
    message = `the data determine every parameter (JᵀJ's condition ${formatNumber(u.condition, 2)} with unit-length columns)`;
  }
  return {
    standardErrors,
    determination: {
      verdict: u.determination,
      condition: Number.isFinite(u.condition) ? u.condition : null,
      tradeOff,
      message,
    },
  };
}
