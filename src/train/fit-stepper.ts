// fitStepper: fit() a few epochs at a time — set up once, step on demand, read params, loss, accuracy and gradient health between steps.

import { batchCount, batchOrder, createBatchBuffer, gatherBatch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { standardize } from '../data/standardize.js';
import { gradientHealth, type LayerHealth } from '../diagnose/gradient-health.js';
import { InputError } from '../errors.js';
import type { Model } from '../models/model.js';
import { sigmoid } from '../numeric/sigmoid.js';
import { allFinite } from '../numeric/vector.js';
import type { Metrics } from '../record/metrics.js';
import type { Standardizer } from '../record/standardizer.js';
import type { FitConfig, FitSettings } from './fit-config.js';
import { prepareFit, resolveFitConfig } from './fit-setup.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';

/**
 * A training run that advances when asked: what a page's worker or a notebook steps through.
 *
 * @example
 * const run: FitStepper = fitStepper(generateDataset('gaussians', { seed: 1 }), { model: 'mlp:4', loss: 'ce' });
 * run.step(10);
 * run.epoch; // 10
 */
export interface FitStepper {
  /** The settings with their defaults filled in, as fit() would use them. */
  readonly config: FitConfig;
  readonly model: Model;
  /** The feature scaling when `standardize` is on, else null. */
  readonly scaling: Standardizer | null;
  /** The class labels of a classifier, in index order; null for regression. */
  readonly classes: readonly string[] | null;
  /** Epochs completed. */
  readonly epoch: number;
  /** The flat params now; read them between calls, they change with the next step. */
  readonly params: Float64Array;
  /** The mean training loss of each completed epoch (averaged over its batches, as fit's history is). */
  readonly losses: readonly number[];
  /** Null while the run is finite; once the loss or the params leave the finite numbers, why. */
  readonly diverged: string | null;
  /**
   * Runs up to `epochs` more epochs — fewer when the run diverges — and returns how many it ran.
   * The params after k epochs equal those of fit() with the same data, settings, `tol: 0` and k epochs.
   */
  step(epochs?: number): number;
  /** The loss on the training rows at the params now (without the L2 penalty), as fit's `loss`. */
  loss(): number;
  /** Accuracy and log loss for a classifier, mse and r² for regression, on the training rows. */
  metrics(): Metrics;
  /**
   * Each layer's gradient norm on the training rows at the params now and its verdict (ok, vanishing,
   * exploding), the same reading as fit's `gradientHealth`.
   */
  health(): LayerHealth[];
  /** The model's outputs (predictions, or logits) for rows of x in the data's own units. */
  outputs(x: Float64Array): Float64Array;
  /**
   * A classifier's class probabilities for rows of x in the data's own units: `classes.length` per
   * row, summing to 1 — the softmax of the logits, or σ(z) and 1 − σ(z) for a single logit.
   */
  probabilities(x: Float64Array): Float64Array;
}

/**
 * Sets up a fit exactly as fit() does — the same validation of settings, split-free training rows,
 * scaling, model, initial params and optimizer from `settings.seed` — and hands back a run that
 * advances only when `step()` is called, so a caller can draw, pause or read the gradient health of
 * each layer between epochs. It has no stopping rules but divergence: it stops when asked to. A
 * validation split is not offered (early stopping belongs to fit()).
 *
 * @example
 * const data = generateDataset('xor', { seed: 0 });
 * const run = fitStepper(data, { model: 'mlp:8', loss: 'ce', activation: 'tanh', optimizer: 'adam',
 *   optimizerOptions: { learningRate: 0.03 } });
 * while (run.epoch < 300) run.step(50);
 * run.metrics();  // { accuracy: 0.99…, logLoss: 0.03… }
 * run.health();   // [{ layer: 'layer1', norm: …, verdict: 'ok' }, { layer: 'layer2', … }]
 */
export function fitStepper(data: Dataset, settings: FitSettings = {}): FitStepper {
  if ((settings.validation ?? 0) !== 0)
    throw new InputError(
      (name) => `${name('validation')}: a stepped fit trains on every row; use fit() for early stopping`,
      { key: 'validation' },
    );
  const config = resolveFitConfig(data, settings);
  const setup = prepareFit(data, config);
  const { model, trainer, objective, method, train, batchSize, rng, scaling } = setup;
  const rows = train.rows;
  const params = Float64Array.from(setup.initialParams);
  const grad = new Float64Array(params.length);
  const order = new Uint32Array(rows);
  const fullBatch = batchSize >= rows;
  const batches = batchCount(rows, batchSize);
  const buffer = fullBatch ? null : createBatchBuffer(train, batchSize);
  const losses: number[] = [];
  objective.x = train.features;
  objective.y = train.target;
  let state = method.init(params, objective);
  let epoch = 0;
  let diverged: string | null = null;
  const k = model.outputs;

  // One epoch as fit's loop runs it: a fresh batch order, a step per batch, the mean batch loss.
  const runEpoch = (): void => {
    batchOrder(rows, batchSize, rng, order);
    let sum = 0;
    for (let b = 0; b < batches; b++) {
      if (buffer === null) {
        objective.x = train.features;
        objective.y = train.target;
      } else {
        const batch = gatherBatch(train, order, b, buffer);
        objective.x = batch.features;
        objective.y = batch.target;
      }
      const value = objective.valueAndGradient(params, grad);
      if (!Number.isFinite(value)) {
        diverged = `the loss left the finite numbers in epoch ${epoch + 1}`;
        return;
      }
      const [update, next] = method.step(params, value, grad, state, objective);
      state = next;
      for (let j = 0; j < params.length; j++) params[j] = params[j]! + update[j]!;
      sum += value * objective.y.length;
    }
    epoch++;
    losses.push(sum / rows);
    if (!allFinite(params)) diverged = `the params left the finite numbers after ${epoch} epochs`;
  };

  const scaled = (x: Float64Array): Float64Array => (scaling === null ? x : standardize(x, scaling));

  return {
    config,
    model,
    scaling,
    classes: model.task === 'classification' ? train.classes : null,
    get epoch() {
      return epoch;
    },
    params,
    losses,
    get diverged() {
      return diverged;
    },
    step(epochs = 1) {
      if (!Number.isSafeInteger(epochs) || epochs < 0)
        throw new InputError(`epochs: a step runs a whole number of epochs ≥ 0, got ${epochs}`);
      const release = fullBatch ? trainer.bind?.(train.features, train.target) : undefined;
      const before = epoch;
      try {
        while (diverged === null && epoch - before < epochs) runEpoch();
      } finally {
        release?.();
      }
      return epoch - before;
    },
    loss: () => trainer.value(params, train.features, train.target),
    metrics() {
      const out = trainer.outputs(params, train.features);
      return model.task === 'regression'
        ? regressionMetrics(out, train.target)
        : classificationMetrics(out, train.target, k);
    },
    health() {
      objective.x = train.features;
      objective.y = train.target;
      objective.valueAndGradient(params, grad);
      return gradientHealth(grad, model.layers);
    },
    outputs: (x) => Float64Array.from(trainer.outputs(params, scaled(x))),
    probabilities(x) {
      if (model.task !== 'classification')
        throw new InputError(`model: ${model.spec} predicts numbers, not classes`, { key: 'model' });
      const z = trainer.outputs(params, scaled(x));
      const n = z.length / k;
      const width = k === 1 ? 2 : k;
      const out = new Float64Array(n * width);
      for (let i = 0; i < n; i++) {
        if (k === 1) {
          // One logit z is the log-odds of class 1.
          const p = sigmoid(z[i]!);
          out[2 * i] = 1 - p;
          out[2 * i + 1] = p;
          continue;
        }
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) max = Math.max(max, z[i * k + c]!);
        let total = 0;
        for (let c = 0; c < k; c++) total += Math.exp(z[i * k + c]! - max);
        for (let c = 0; c < k; c++) out[i * k + c] = Math.exp(z[i * k + c]! - max) / total;
      }
      return out;
    },
  };
}
