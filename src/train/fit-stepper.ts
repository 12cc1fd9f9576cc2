// fitStepper: fit() a few epochs at a time — set up once, step on demand, read params, loss, accuracy and gradient health between steps.

import type { Dataset } from '../data/dataset.js';
import { standardize } from '../data/standardize.js';
import type { LayerHealth } from '../diagnose/gradient-health.js';
import { InputError } from '../errors.js';
import type { Model } from '../models/model.js';
import { sigmoid } from '../numeric/sigmoid.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import type { Standardizer } from '../record/standardizer.js';
import { checkSetting } from '../setting.js';
import { fitLoop } from './fit.js';
import type { FitConfig, FitSettings } from './fit-config.js';
import type { FitResult } from './fit-result.js';
import { trainSettings } from './settings.js';

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
  /** Null while the run can go on; once a stopping rule fired (divergence, or lm's own tests), its status and why. */
  readonly stopped: { readonly status: RunStatus; readonly message: string } | null;
  /**
   * Runs up to `epochs` more epochs — fewer when the run stops — and returns how many it ran.
   * The params after k epochs equal those of fit() with the same data, settings, `tol: 0` and k epochs.
   */
  step(epochs?: number): number;
  /**
   * What fit() with the same data, settings and `tol: 0` returns after these epochs: its loss, metrics,
   * gradient health, verdict and history, bit for bit (the epoch limit it names is the stepper's).
   */
  result(): FitResult;
  /** The loss on the training rows at the params now (without the L2 penalty), as fit's `loss`. */
  loss(): number;
  /** Accuracy and log loss for a classifier, mse and r² for regression, on the training rows. */
  metrics(): Metrics;
  /**
   * Each layer's gradient norm at the params now and its verdict (ok, vanishing, exploding), read as
   * fit's `gradientHealth` is: on the training rows, or on 2,048 of them evenly spaced in a larger set.
   */
  health(): LayerHealth[];
  /** The model's outputs (predictions, or logits) for rows of x in the data's own units. */
  outputs(x: Float64Array): Float64Array;
  /**
   * A classifier's class probabilities for rows of x in the data's own units: `classes.length` per
   * row, summing to 1 — the softmax of the logits, or σ(z) and 1 − σ(z) for a single logit.
   */
  probabilities(x: Float64Array): Float64Array;
  /**
   * Ends the threads a stepper with `threads` above 1 holds between steps (the next step starts them
   * again); harmless on one thread and when called twice.
   */
  close(): void;
}

/**
 * fitStepper's settings: fit()'s, and `threads`, the threads that share each batch's passes (default 1), or
 * `'auto'`: every core of a host with threads when the batches are large enough, timed on the batches
 * themselves against one thread and the faster run, as fit() does when its `threads` is left out. Above 1
 * (or auto) they start with the first step and stay between steps, until `close()` or the run stops, so that
 * a page stepping a few epochs at a time does not start them anew for each; the numbers do not change.
 * Where the host has none (a browser without startWebThreads, Node without `downhill/node`) it is 1.
 *
 * @example
 * const settings: FitStepperSettings = { model: 'mlp:64,64', loss: 'ce', threads: 2 };
 * const run = fitStepper(generateDataset('spiral', { seed: 1 }), settings);
 * run.step(3);
 * run.close(); // the threads end; the next step would start them again
 */
export type FitStepperSettings = FitSettings & { readonly threads?: number | 'auto' };

/**
 * Sets up a fit exactly as fit() does — the same validation of settings, training rows, scaling, model,
 * initial params and optimizer from `settings.seed` — and hands back a run that advances only when
 * `step()` is called, so a caller can draw, pause or read the gradient health of each layer between
 * epochs. Its steps are fit()'s own loop (fitRun's steps, on one state advanced in place), with `tol`
 * 0 unless given: it stops when asked to, or on divergence. A validation split is not offered (early
 * stopping belongs to fit()).
 *
 * @example
 * const data = generateDataset('xor', { seed: 0 });
 * const run = fitStepper(data, { model: 'mlp:8', loss: 'ce', activation: 'tanh', optimizer: 'adam',
 *   optimizerOptions: { learningRate: 0.03 } });
 * while (run.epoch < 300) run.step(50);
 * run.metrics();  // { accuracy: 0.99…, logLoss: 0.03… }
 * run.health();   // [{ layer: 'layer1', norm: …, verdict: 'ok' }, { layer: 'layer2', … }]
 */
export function fitStepper(data: Dataset, stepperSettings: FitStepperSettings = {}): FitStepper {
  const { threads = 1, ...settings } = stepperSettings;
  if (threads !== 'auto') checkSetting(trainSettings.threads, threads);
  if ((settings.validation ?? 0) !== 0)
    throw new InputError(
      (name) => `${name('validation')}: a stepped fit trains on every row; use fit() for early stopping`,
      { key: 'validation' },
    );
  const losses: number[] = [];
  const loop = fitLoop(data, {
    ...settings,
    tol: settings.tol ?? 0,
    epochs: STEPPED_EPOCHS,
    onEpoch: (info) => losses.push(info.loss),
  });
  const { run, state } = loop;
  const { setup } = run;
  const { model, trainer, train, scaling } = setup;
  const k = model.outputs;
  const scaled = (x: Float64Array): Float64Array => (scaling === null ? x : standardize(x, scaling));
  let held: (() => void) | null = null;
  const unbind = (): void => {
    const release = held;
    held = null;
    release?.();
  };

  return {
    config: setup.config,
    model,
    scaling,
    classes: model.task === 'classification' ? train.classes : null,
    get epoch() {
      return state.epoch;
    },
    params: state.params,
    losses,
    get diverged() {
      return state.stopped?.status === 'diverged' ? state.stopped.message : null;
    },
    get stopped() {
      return state.stopped;
    },
    step(epochs = 1) {
      if (!Number.isSafeInteger(epochs) || epochs < 0)
        throw new InputError(`epochs: a step runs a whole number of epochs ≥ 0, got ${epochs}`, {
          key: 'epochs',
        });
      const before = state.epoch;
      if (epochs === 0 || state.stopped !== null) return 0;
      // Threads stay bound between steps: starting them for every slice of a few epochs would cost more than they gain.
      if (held === null) held = run.bind(threads === 'auto' ? undefined : threads);
      try {
        loop.advanceTo(Math.min(before + epochs, STEPPED_EPOCHS));
      } finally {
        if (threads === 1 || state.stopped !== null) unbind();
      }
      return state.epoch - before;
    },
    close: () => unbind(),
    result: () => run.result(state),
    loss: () => run.trainingLoss(state.params),
    metrics: () => run.metricsAt(state.params, train),
    health: () => run.health(state.params),
    outputs: (x) => Float64Array.from(trainer.outputs(state.params, scaled(x))),
    probabilities(x) {
      if (model.task !== 'classification')
        throw new InputError(`model: ${model.spec} predicts numbers, not classes`, { key: 'model' });
      const z = trainer.outputs(state.params, scaled(x));
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

/** The epoch total of a stepped run: the settings' limit, as far as the stepper is concerned unbounded. */
const STEPPED_EPOCHS = 1e9;
