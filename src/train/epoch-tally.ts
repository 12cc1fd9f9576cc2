// EpochTally: running sums of an epoch's batch losses and metrics, taken from the batches as the training steps score them.

import type { Loss } from '../losses/loss.js';
import type { Task } from '../models/model.js';
import type { Metrics } from '../record/metrics.js';
import { classificationSums, squaredErrorSum } from './metrics.js';

/**
 * The sums, as a plain array a FitState can carry and a checkpoint write bit for bit:
 * [rows, Σ loss, Σ squared error or rows classified right, Σ log loss (classes), Σ target, Σ target²
 * (regression, for r² where the rows' sum of squares is not at hand)].
 * Rows is NaN once a batch could not be tallied, so the epoch's sums stand for nothing.
 */
export type TallySums = Float64Array;

/** A fresh, empty tally. */
export const emptyTally = (): TallySums => new Float64Array(6);

/**
 * A loss that, while armed with a tally, adds to it what it scores: each call's rows, their summed loss
 * and the metric sums of the predictions it was given. Training steps arm it around the one call that
 * scores their batch, so the tally sees every row of an epoch once, at the params that stepped on it,
 * and costs no pass of its own.
 */
export interface TallyingLoss {
  readonly loss: Loss;
  /** Adds what the loss scores to `sums` until armed with null. */
  arm(sums: TallySums | null): void;
}

/**
 * Wraps `loss` so that it can tally the batches a model's trainer scores through it.
 *
 * @example
 * const tallying = tallyingLoss(mse(), 'regression', 1);
 * const sums = emptyTally();
 * tallying.arm(sums);
 * tallying.loss.evaluate(Float64Array.of(1, 3), Float64Array.of(0, 3)); // → 0.5
 * tallying.arm(null);
 * [...sums]; // → [2, 1, 1, 0, 3, 9]
 */
export function tallyingLoss(loss: Loss, task: Task, outputs: number): TallyingLoss {
  let armed: TallySums | null = null;
  return {
    loss: {
      name: loss.name,
      target: loss.target,
      evaluate(pred, target, grad) {
        const value = loss.evaluate(pred, target, grad);
        if (armed !== null) tallyBatch(armed, value, pred, target, task, outputs);
        return value;
      },
    },
    arm(sums) {
      armed = sums;
    },
  };
}

/**
 * Adds one batch to `sums`: its rows, its mean loss `value` times the rows, and the metric sums of `pred`.
 *
 * @example
 * tallyBatch(sums, 0.5, Float64Array.of(1, 3), Float64Array.of(0, 3), 'regression', 1);
 */
export function tallyBatch(
  sums: TallySums,
  value: number,
  pred: Float64Array,
  target: Float64Array,
  task: Task,
  outputs: number,
): void {
  const rows = target.length;
  sums[0] = sums[0]! + rows;
  sums[1] = sums[1]! + value * rows;
  if (task === 'regression') {
    sums[2] = sums[2]! + squaredErrorSum(pred, target);
    addTargets(sums, target);
    return;
  }
  const { correct, logLoss } = classificationSums(pred, target, outputs);
  sums[2] = sums[2]! + correct;
  sums[3] = sums[3]! + logLoss;
}

/** Adds Σ target and Σ target² of a regression batch. */
export function addTargets(sums: TallySums, target: Float64Array): void {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < target.length; i++) {
    sum += target[i]!;
    squares += target[i]! * target[i]!;
  }
  sums[4] = sums[4]! + sum;
  sums[5] = sums[5]! + squares;
}

/**
 * The mean loss and the metrics a tally of `rows` rows stands for, or null when it does not cover
 * exactly those rows. `sst` is the rows' total sum of squares about their mean (for r²); without it,
 * Σ target² − (Σ target)²/rows from the tally.
 *
 * @example
 * talliedMetrics(sums, 'regression', 50, sst); // { loss: 0.01, metrics: { mse: 0.01, r2: 0.99 } }
 */
export function talliedMetrics(
  sums: TallySums | null,
  task: Task,
  rows: number,
  sst?: number,
): { loss: number; metrics: Metrics } | null {
  if (sums === null || sums[0] !== rows) return null;
  const loss = sums[1]! / rows;
  if (task === 'regression') {
    const sse = sums[2]!;
    const total = sst ?? sums[5]! - (sums[4]! * sums[4]!) / rows;
    return { loss, metrics: { mse: sse / rows, r2: total > 0 ? 1 - sse / total : Number.NaN } };
  }
  return { loss, metrics: { accuracy: sums[2]! / rows, logLoss: sums[3]! / rows } };
}
