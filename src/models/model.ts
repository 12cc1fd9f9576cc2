// Model: the MODEL part — outputs from inputs and params, and a trainer for a loss on batches.

import type { KernelThreads } from '../kernels/regression-threads.js';
import type { Loss } from '../losses/loss.js';
import type { LeastSquares } from '../numeric/least-squares.js';
import type { Standardizer } from '../record/standardizer.js';
import type { NestedArray, ParamLayout, Params } from './params.js';

/** What the model predicts: numbers, or classes through one logit (two classes) or k logits. */
export type Task = 'regression' | 'classification';

/** Parameters as reported: numbers or nested arrays by name (CONTRACT `parameters`). */
export type ReportedParams = Record<string, number | NestedArray>;

/** A block of the flat params that belongs to one layer, for per-layer gradient norms. */
export interface LayerSlice {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
}

/**
 * Evaluates the mean loss of a model on a batch and its gradient w.r.t. the flat params. A batch is
 * `y.length` rows of x (row-major). The trainer keeps one set of buffers per batch size it meets, so a
 * training loop that reuses its batch arrays allocates nothing after the first epoch.
 */
export interface Trainer {
  /** Mean loss on the batch; overwrites `grad` with its gradient. */
  valueAndGradient(params: Float64Array, x: Float64Array, y: Float64Array, grad: Float64Array): number;
  /** Mean loss only. */
  value(params: Float64Array, x: Float64Array, y: Float64Array): number;
  /** The model's outputs for the rows of x (the trainer's buffer, valid until its next call). */
  outputs(params: Float64Array, x: Float64Array): Float64Array;
  /** Row-major Hessian of the mean loss, where the model and loss have a closed form (for newton). */
  hessian?(params: Float64Array, x: Float64Array, y: Float64Array, out: Float64Array): void;
  /** With mse: the residuals ŷᵢ − yᵢ on these rows and their Jacobian, for Levenberg–Marquardt. */
  leastSquares?(x: Float64Array, y: Float64Array): LeastSquares;
  /**
   * Prepares for many steps on one fixed batch (a full-batch fit's training rows): until the returned
   * release is called, calls given exactly these arrays may take a faster path bound to them, such as a
   * kernel holding its own copy of the rows. The arrays must not change meanwhile. Present on the models
   * that have such a path. `threads` (default 'auto', see createLinearKernel) is how many threads that kernel
   * may run on; the numbers do not depend on it.
   */
  bind?(x: Float64Array, y: Float64Array, threads?: KernelThreads): () => void;
  /**
   * Shares the passes that follow among `threads` threads, the caller's included, until the returned release
   * is called, which ends the threads. Left undefined: where batches of `batchRows` rows are large enough,
   * one thread and every core are timed on the batches and the faster runs them. The numbers are those of
   * one thread. A no-op where the host offers no threads (a browser, or Node without `downhill/node`).
   * Present on the models that have threaded kernels.
   */
  parallel?(threads: number | undefined, batchRows: number): () => void;
  /**
   * A classifier's mean loss and the rows it classifies right on the rows `bind` bound, at `params`, from one
   * pass of the bound kernel: null where x and y are not the bound rows or the kernel does not count them
   * (countsRows). Present on the models whose kernels may.
   */
  boundScore?(params: Float64Array, x: Float64Array, y: Float64Array): BoundScore | null;
}

/** What boundScore reports: the mean loss (bce or ce, the log loss) and the rows classified right. */
export interface BoundScore {
  readonly loss: number;
  readonly correct: number;
}

/**
 * Whether a bound kernel counts, in each gradient pass, the rows it classifies right (class 1 where z > 0 for one
 * logit, the first largest of k logits, as classificationSums counts them) and reports the last pass's count
 * through `correct()` (up to rounding where logits nearly tie: the kernel compares them shifted by the last
 * class's): the WebAssembly softmax kernels do, on one thread or several. Where the kernel does not
 * (logistic's, the JavaScript ones), a classifier's result takes its metrics from the model's outputs.
 *
 * @example
 * if (countsRows(kernel)) kernel.correct(); // rows classified right in the last gradient
 */
export function countsRows<K extends object>(kernel: K): kernel is K & { correct(): number } {
  return typeof (kernel as { correct?: unknown }).correct === 'function';
}

/**
 * A model: its parameter layout, how it starts, what it outputs for rows of inputs, and how it trains.
 *
 * @example
 * const model: Model = linear(1, { featureNames: ['x'] });
 * model.layout.size; // → 2
 * [...model.apply({ weight: Float64Array.of(2), bias: Float64Array.of(1) }, Float64Array.of(0, 1))]; // → [1, 3]
 */
export interface Model {
  /** The spec it was built from: `linear`, `poly:3`, `logistic`, `softmax`, `mlp:16,16`. */
  readonly spec: string;
  readonly task: Task;
  /** Input columns per row. */
  readonly inputs: number;
  /** Numbers per row out: 1, or k logits for k classes. */
  readonly outputs: number;
  readonly layout: ParamLayout;
  /** 1 for the weights an L2 penalty shrinks, 0 for biases; one entry per flat param. */
  readonly weightMask: Uint8Array;
  /** The layers, first first, for gradient health; one slice for single-layer models. */
  readonly layers: readonly LayerSlice[];
  /** Starting params, flat; `uniform` draws from [0, 1) and is used by models with random init. */
  init(uniform: () => number): Float64Array;
  /**
   * Outputs for the rows of x (rows = x.length / inputs): predictions for regression, logits for
   * classification. Pure.
   */
  apply(params: Params, x: Float64Array): Float64Array;
  /** A trainer for `loss`; a loss the model cannot be trained with is bad input. */
  trainer(loss: Loss): Trainer;
  /** The params by name in the units of the original data, undoing `scaling` where given. */
  report(params: Float64Array, scaling: Standardizer | null): ReportedParams;
}

/** Whether a value a program passed as `model` is a Model object (customModel's, or one built by hand). */
export function isModel(value: unknown): value is Model {
  const m = value as Partial<Model> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.trainer === 'function' &&
    typeof m.init === 'function' &&
    typeof m.apply === 'function'
  );
}
