// findLr(): the learning-rate range test — a short run with a growing rate, and the rate it suggests.

import { batchCount, batchOrder, createBatchBuffer, gatherBatch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { optimizerCatalog } from '../optim/catalog.js';
import { createMethod } from '../optim/create-method.js';
import type { FitSettings } from './fit-config.js';
import { prepareFit, resolveFitConfig } from './fit-setup.js';

/**
 * A learning-rate sweep's settings: fit's settings with the first and last rate and the number of steps.
 *
 * @example
 * const options: FindLrOptions = { model: 'linear', standardize: true, startLr: 1e-4, endLr: 10, steps: 50 };
 * findLr(await loadBuiltin('line'), options).sweep.length <= 50; // → true
 */
export interface FindLrOptions extends FitSettings {
  /** The first and last learning rate of the sweep (default 1e-7 and 10). */
  startLr?: number;
  endLr?: number;
  /** Steps in the sweep (default 100). */
  steps?: number;
}

/**
 * What a learning-rate sweep found: the rate it suggests and the loss at each rate tried.
 *
 * @example
 * const result: LrSweep = findLr(await loadBuiltin('line'), { model: 'linear', standardize: true });
 * result.suggestedLr !== null && result.suggestedLr > 0; // → true
 */
export interface LrSweep {
  /** The rate the sweep points to, or null when the loss never fell. */
  suggestedLr: number | null;
  /** Each step's rate and the smoothed loss of its batch, until the loss blew up. */
  sweep: { lr: number; loss: number }[];
}

/** The smoothing of the recorded loss: an exponential moving average with this weight on the past. */
const smoothing = 0.98;
/** The sweep stops once the smoothed loss exceeds this multiple of the lowest so far. */
const blowUp = 4;

/**
 * Smith's learning-rate range test (Smith 2017, "Cyclical Learning Rates", §3.3; fastai `lr_find`):
 * from the model's initial params, take `steps` optimizer steps on successive batches (as `fit` would
 * draw them) with the rate growing geometrically from `startLr` to `endLr`, recording the loss
 * smoothed by a bias-corrected moving average (β = 0.98), and stop early when it exceeds 4× its
 * minimum or leaves the finite numbers. The rule: the suggested rate is where the smoothed loss falls
 * fastest against log(lr) — the most negative slope before the minimum — and when it never falls,
 * null. Nothing is trained: the params are thrown away.
 *
 * @example
 * const data = await loadBuiltin('line');
 * const { suggestedLr } = findLr(data, { model: 'linear', standardize: true });
 * const run = fit(data, { model: 'linear', standardize: true, optimizerOptions: { learningRate: suggestedLr ?? 0.1 } });
 * run.status; // → 'converged'
 */
export function findLr(data: Dataset, options: FindLrOptions = {}): LrSweep {
  const { startLr = 1e-7, endLr = 10, steps = 100 } = options;
  if (!(startLr > 0 && endLr > startLr && Number.isFinite(endLr))) {
    throw new InputError(
      (name) => `${name('findLr')}: the sweep needs 0 < start < end, got ${startLr} … ${endLr}`,
      {
        key: 'findLr',
      },
    );
  }
  if (!(Number.isInteger(steps) && steps >= 3))
    throw new InputError((name) => `${name('findLr')}: needs at least 3 steps, got ${steps}`, {
      key: 'findLr',
    });
  const config = resolveFitConfig(data, options);
  if (!optimizerCatalog[config.optimizer].usesLearningRate) {
    throw new InputError(
      (name) =>
        `${name('findLr')}: ${config.optimizer} sizes its own steps (a line search or a trust region); there is no learning rate to sweep`,
      { key: 'findLr' },
    );
  }
  const setup = prepareFit(data, config);
  const { objective, train, batchSize, rng } = setup;
  const n = train.rows;
  const batches = batchCount(n, batchSize);
  const buffer = batchSize < n ? createBatchBuffer(train, batchSize) : null;
  const order = new Uint32Array(n);
  const params = Float64Array.from(setup.initialParams);
  const grad = new Float64Array(params.length);
  let state = setup.method.init(params, objective);
  const sweep: { lr: number; loss: number }[] = [];
  let average = 0;
  let lowest = Number.POSITIVE_INFINITY;
  // As in fit(): full batches are the same rows every step, worth binding the trainer's fastest kernel to.
  const release = buffer === null ? setup.trainer.bind?.(train.features, train.target) : undefined;
  for (let k = 0; k < steps; k++) {
    const b = k % batches;
    if (b === 0) batchOrder(n, batchSize, rng, order);
    if (buffer !== null) {
      const batch = gatherBatch(train, order, b, buffer);
      objective.x = batch.features;
      objective.y = batch.target;
    }
    const lr = startLr * (endLr / startLr) ** (k / (steps - 1));
    const value = objective.valueAndGradient(params, grad);
    if (!Number.isFinite(value)) break;
    average = smoothing * average + (1 - smoothing) * value;
    const smoothed = average / (1 - smoothing ** (k + 1));
    if (smoothed > blowUp * lowest) break;
    lowest = Math.min(lowest, smoothed);
    sweep.push({ lr, loss: smoothed });
    const method = createMethod(config.optimizer, { ...config.optimizerOptions, learningRate: lr });
    const [step, next] = method.step(params, value, grad, state, objective);
    state = next;
    for (let j = 0; j < params.length; j++) params[j] = params[j]! + step[j]!;
  }
  release?.();
  return { suggestedLr: steepest(sweep), sweep };
}

/** The rate at the most negative slope of loss against log(lr), before the lowest loss. */
function steepest(sweep: readonly { lr: number; loss: number }[]): number | null {
  let lowestAt = 0;
  for (let k = 1; k < sweep.length; k++) if (sweep[k]!.loss < sweep[lowestAt]!.loss) lowestAt = k;
  let best: number | null = null;
  let bestSlope = 0;
  for (let k = 1; k <= lowestAt; k++) {
    const slope = (sweep[k]!.loss - sweep[k - 1]!.loss) / Math.log(sweep[k]!.lr / sweep[k - 1]!.lr);
    if (slope < bestSlope) {
      bestSlope = slope;
      best = sweep[k]!.lr;
    }
  }
  return best;
}
