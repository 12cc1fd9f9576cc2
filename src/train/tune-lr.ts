// tuneLearningRate(): a short sweep of learning rates for one optimizer on one function — a fair race's handicap.

import { createMethod } from '../optim/create-method.js';
import type { OptimizerName } from '../optim/optimizer-spec.js';
import type { OptimizerOptions } from '../optim/settings.js';
import type { RunStatus } from '../record/run-result.js';
import type { Minimizable } from './minimizable.js';
import { minimize } from './minimize.js';

/**
 * How tuneLearningRate races its candidates: the start, the steps per trial, the other settings held fixed, and the rates to try.
 *
 * @example
 * const options: TuneOptions = { start: Float64Array.of(9), maxIterations: 50, candidates: [0.01, 0.1, 0.5] };
 * tuneLearningRate(compileExpression('x^2 - 4*x + 1'), 'gd', options).learningRate; // → 0.5
 */
export interface TuneOptions {
  start?: Float64Array;
  /** Steps per trial (default 100): the race's own budget, so the rate is tuned for it. */
  maxIterations?: number;
  tol?: number;
  /** The optimizer's other settings, fixed while the rate varies. */
  settings?: Omit<OptimizerOptions, 'learningRate'>;
  /** The rates tried (default 1, 2, 5 per decade from 1e-4 to 10). */
  candidates?: readonly number[];
}

/**
 * The rate that reached the lowest value, that value, and every trial.
 *
 * @example
 * const result: TuneResult = tuneLearningRate(compileExpression('x^2 - 4*x + 1'), 'gd', { start: Float64Array.of(9), candidates: [0.1, 0.5, 1.5] });
 * result.learningRate; // → 0.5
 * result.tried.map((t) => t.status); // → ['converged', 'converged', 'diverged']
 */
export interface TuneResult {
  /** The rate that reached the lowest value; null when every trial diverged. */
  learningRate: number | null;
  value: number | null;
  tried: { lr: number; value: number; iterations: number; status: RunStatus }[];
}

const defaultCandidates = [-4, -3, -2, -1, 0]
  .flatMap((e) => [1, 2, 5].map((m) => Number(`${m}e${e}`)))
  .concat(10);

/**
 * Runs the optimizer from the same start at each candidate rate for the race's budget and keeps the
 * rate whose run ends lowest; among runs that end equally low, the one that got there in fewer
 * steps. Diverged runs never win. This is how each optimizer gets its best showing before a race, so
 * that a comparison at one shared rate does not simply reward whichever optimizer that rate suits.
 *
 * @example
 * tuneLearningRate(compileExpression('x^2 - 4*x + 1'), 'gd', { start: Float64Array.of(9) }).learningRate; // → 0.5
 */
export function tuneLearningRate(
  f: Minimizable,
  optimizer: OptimizerName,
  options: TuneOptions = {},
): TuneResult {
  const tried = (options.candidates ?? defaultCandidates).map((lr) => {
    const run = minimize(f, {
      ...(options.start !== undefined && { start: options.start }),
      maxIterations: options.maxIterations ?? 100,
      ...(options.tol !== undefined && { tol: options.tol }),
      method: createMethod(optimizer, { ...options.settings, learningRate: lr }),
    });
    return { lr, value: run.value, iterations: run.iterations, status: run.status };
  });
  let best: TuneResult['tried'][number] | null = null;
  for (const trial of tried) {
    if (trial.status === 'diverged' || !Number.isFinite(trial.value)) continue;
    if (
      best === null ||
      trial.value < best.value ||
      (trial.value === best.value && trial.iterations < best.iterations)
    )
      best = trial;
  }
  return { learningRate: best?.lr ?? null, value: best?.value ?? null, tried };
}
