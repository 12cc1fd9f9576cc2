// fit(): trains a model on a dataset by full-batch, mini-batch or stochastic descent, with checkpoints.

import { type BatchBuffer, batchCount, batchOrder, createBatchBuffer, gatherBatch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { Random } from '../data/random.js';
import { sampleRows } from '../data/sample-rows.js';
import { standardize } from '../data/standardize.js';
import {
  type BestEpoch,
  earlyStopVerdict,
  epochLimitVerdict,
  explained,
  networkVerdict,
} from '../diagnose/fit-verdict.js';
import { gradientHealth, type LayerHealth } from '../diagnose/gradient-health.js';
import { InputError, type SettingNamer } from '../errors.js';
import { isModel, type Model } from '../models/model.js';
import { unflattenParams } from '../models/params.js';
import { formatNumber } from '../numeric/format.js';
import { allFinite, norm } from '../numeric/vector.js';
import type { LmState } from '../optim/levenberg-marquardt.js';
import { optimizerSettings } from '../optim/settings.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import { checkSetting } from '../setting.js';
import {
  type CheckpointHeader,
  type DataFingerprint,
  type FitCheckpoint,
  fingerprint,
} from './checkpoint.js';
import { emptyTally, type TallySums, talliedMetrics } from './epoch-tally.js';
import {
  checkFitConfig,
  checkResumeSettings,
  configKeys,
  type FitConfig,
  type FitSettings,
  sameSetting,
} from './fit-config.js';
import { copyHistory, emptyHistory, type FitHistory, recordEpoch } from './fit-history.js';
import type { FitResult } from './fit-result.js';
import { type FitSetup, prepareFit, resolveFitConfig, scoreBatch } from './fit-setup.js';
import type { FitState, WorkingState } from './fit-state.js';
import { uncertaintyReport } from './fit-uncertainty-report.js';
import { classificationMetrics, regressionMetrics, totalSumOfSquares } from './metrics.js';
import { refuseUnknownOptions } from './option-names.js';
import { trainSettings } from './settings.js';

/**
 * What onEpoch hears after each epoch.
 *
 * @example
 * const losses: number[] = [];
 * fit(await loadBuiltin('line'), { epochs: 5, onEpoch: (info: EpochInfo) => losses.push(info.loss) });
 * losses.length; // → 5
 */
export interface EpochInfo {
  /** Epochs completed. */
  readonly epoch: number;
  /** The epoch total. */
  readonly epochs: number;
  /** The flat params after this epoch: read them during the call, they change afterwards. */
  readonly params: Float64Array;
  readonly loss: number;
  readonly validationLoss: number | null;
  /** Seconds since this fit() call began. */
  readonly seconds: number;
}

/**
 * fit's options: the settings (model, loss, optimizer, epochs, batches, …) with resuming, checkpoints and progress callbacks.
 *
 * @example
 * const options: FitOptions = { model: 'poly:2', optimizer: 'lbfgs', epochs: 100 };
 * const data = parseCsvText('x,y\n-1,2\n0,1\n1,2\n2,5\n', { target: 'y' }); // y = x² + 1
 * fit(data, options).loss; // → 0.00000
 */
export interface FitOptions extends Omit<FitSettings, 'model'> {
  /**
   * A built-in model's spec (`linear`, `poly:D`, `mlp:H1,H2,…`, …; default linear) or a Model object,
   * such as one customModel() builds from autodiff tensors. A resumed run of a Model object is given
   * the same object again.
   */
  model?: string | Model;
  /** Epochs in all (default 1000; a resumed run continues to this total). */
  epochs?: number;
  /** Continue this checkpoint; settings left out are the checkpoint's, settings given must match it. */
  resume?: FitCheckpoint;
  /** Called with the whole training state at least every `checkpointSeconds` and when the run ends. */
  onCheckpoint?: (checkpoint: FitCheckpoint) => void;
  /** Seconds between checkpoints (default 1). */
  checkpointSeconds?: number;
  onEpoch?: (info: EpochInfo) => void;
  /** Called once with the initial params of a fresh (not resumed) run, before the first step. */
  onStart?: (params: Float64Array) => void;
  /**
   * Threads that share each batch's passes, the caller's included. Left out, fit chooses: where the model
   * has threaded kernels (in Node with `downhill/node`: mlp and softmax batches, and the full-batch linear,
   * logistic and softmax kernels on 4 MB of rows or more) and the batches are large enough, it times one
   * thread and every core on its own batches and runs the faster, timing again now and then, as a busy
   * machine can make the threads slower; else 1. The numbers do not depend on it. The threads end before
   * fit() returns or throws.
   */
  threads?: number;
  /**
   * How the result's message names the settings it advises on (default: by key, `try a smaller
   * learningRate`); the command line passes its flag names.
   */
  settingNames?: SettingNamer;
}

const now = (): number => performance.now() / 1000;
/** Rows of the training set (evenly spaced) whose gradient gives the result's gradient health. */
const HEALTH_ROWS = 2048;

/**
 * Trains `options.model` (default linear) on `data`, minimizing the mean loss (seed 001's cost)
 * plus an optional ½λ‖w‖² penalty with any optimizer, one step per batch: the whole set (default),
 * `batchSize` rows in a fresh seeded order each epoch, or 1 (stochastic). It stops when
 * - an epoch moves the params by at most `tol` (seed 001's "step close to zero"), or with full
 *   batches starts at a gradient norm at most `tol`, or with mini-batches — whose steps stay noisy —
 *   changes the mean batch loss by at most `tol`·max(1, |loss|) → `converged`;
 * - the validation loss has not improved for `patience` epochs (early stopping) → `converged`, but
 *   `diverged` when the training loss ended above where it began, and `stalled` when the restored
 *   params explain under 5 % of the target (r², or pseudo-R² for classes) while the training loss
 *   still moved by more than 1 % over those epochs (earlyStopVerdict);
 * - the loss or the params leave the finite numbers → `diverged`;
 * - `epochs` are used up → `max-iterations`, or `diverged` when the loss rose in most of the last
 *   half of the epochs and ended above where it began (epochLimitVerdict).
 * An mlp that converged or used up its epochs explaining under 5 % of the target, with the gradient
 * of a hidden layer gone (dead ReLUs, saturated units), is `stalled` (networkVerdict). Messages quote
 * the training loss at the start and the result's `loss`. With full batches these are at the initial
 * and the returned params; with mini-batches, the first and the last (or restored) epoch's batch
 * losses, tallied as they trained (each row once, at the params its batch stepped from), so nothing
 * after the last epoch reads the whole training set again (FitResult's `loss`).
 * With a validation split the params returned are those of the best validation loss. The result's
 * `parameters` are in the units of the original data. fit() touches no files: `onCheckpoint` hands
 * out the whole state (at least once a second and at the end), and passing it back as `resume`
 * continues the run so that the result equals an uninterrupted run's bit for bit.
 *
 * @example
 * const data = parseCsvText('x,y\n0,1\n1,3\n2,5\n3,7\n', { target: 'y' }); // y = 2x + 1
 * const run = fit(data, { model: 'linear', optimizerOptions: { learningRate: 0.1 }, epochs: 500 });
 * run.parameters; // → { intercept: 1.000, x: 2.000 }
 * const iris = await loadBuiltin('iris');
 * const adam = fit(iris, {
 *   model: 'softmax', optimizer: 'adam', optimizerOptions: { learningRate: 0.05 },
 *   batchSize: 16, epochs: 30, standardize: true, seed: 1,
 * });
 * adam.metrics; // → { accuracy: 0.973 }
 */
export function fit(data: Dataset, options: FitOptions = {}): FitResult {
  const loop = new FitLoop(startRun(data, options), options);
  // The result's passes over the data (loss, metrics, health) run on the threads too, so they end after it.
  const release = loop.run.bind(options.threads);
  try {
    loop.advance(Number.POSITIVE_INFINITY);
    loop.saveCheckpoint();
    return loop.run.result(loop.state);
  } finally {
    release();
  }
}

/**
 * fit() in slices of about 50 ms with the event loop free between them, so that `signal` can stop it:
 * on abort the whole state goes to `onCheckpoint` (between two steps, as every checkpoint is) and the
 * promise rejects with the signal's reason — a resumed run then ends exactly as an uninterrupted one.
 * Without an abort it resolves to what fit() returns.
 *
 * @example
 * const controller = new AbortController();
 * let saved: FitCheckpoint | undefined;
 * setTimeout(() => controller.abort(), 100); // as Ctrl-C would
 * try {
 *   await fitInterruptibly(await loadBuiltin('line'), { epochs: 1_000_000, tol: 0, onCheckpoint: (c) => { saved = c; } }, controller.signal);
 * } catch {
 *   // aborted: the whole state went to onCheckpoint first
 * }
 * saved !== undefined && saved.epoch < 1_000_000; // → true
 */
export async function fitInterruptibly(
  data: Dataset,
  options: FitOptions,
  signal: AbortSignal,
): Promise<FitResult> {
  const loop = new FitLoop(startRun(data, options), options);
  const release = loop.run.bind(options.threads);
  try {
    while (!loop.advance(now() + 0.05)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal.aborted) {
        loop.saveCheckpoint();
        throw signal.reason;
      }
    }
    loop.saveCheckpoint();
    return loop.run.result(loop.state);
  } finally {
    release();
  }
}

/**
 * fit() one step at a time, each state a plain value (fitRun builds it).
 *
 * @example
 * const data = await loadBuiltin('line');
 * const run: FitRun = fitRun(data, { epochs: 4, tol: 0 });
 * let state = run.start;
 * while (!run.done(state)) state = run.step(state);
 * run.result(state).epochs; // → 4
 */
export interface FitRun {
  /** The state before the first step: the initial params, or the resumed checkpoint's state. */
  readonly start: FitState;
  /** The epoch total. */
  readonly epochs: number;
  /**
   * The state after one more step — one batch, plus the epoch's bookkeeping (validation, history,
   * stopping rules) after its last batch. `state` itself is left as it was, so any state may be stepped
   * again, kept, or compared. A finished state is returned unchanged.
   */
  step(state: FitState): FitState;
  /** Whether the run has ended at `state`: a stopping rule fired or the epochs are used up. */
  done(state: FitState): boolean;
  /** What fit() returns for a run that ended at `state` (or was stopped there). */
  result(state: FitState): FitResult;
  /** The checkpoint of `state`: the run's header and a copy of the state, for encodeCheckpoint or `resume`. */
  checkpoint(state: FitState): FitCheckpoint;
}

/**
 * fit() as a state machine, for a front end that shows every step (the playground): the same setup,
 * steps, stopping rules and result as fit() with the same options, but the caller holds the state —
 * one plain value (FitState) that `step` maps to the next. fit()'s callbacks (`onEpoch`,
 * `onCheckpoint`, `onStart`) are not called; read what they would say from the states. With full
 * batches fit() may bind a faster kernel to the data, whose sums can differ from these steps' in
 * the last bits; with mini-batches the states equal fit()'s bit for bit.
 *
 * @example
 * const data = generateDataset('spiral', { seed: 1, rows: 60 });
 * const options = { model: 'mlp:4', optimizer: 'adam', batchSize: 8, epochs: 5, tol: 0, seed: 1 } as const;
 * const run = fitRun(data, options);
 * let state = run.start;
 * while (!run.done(state)) state = run.step(state);
 * run.result(state).loss === fit(data, options).loss; // → true
 * state.history.loss.length; // → 5
 */
export function fitRun(data: Dataset, options: FitOptions = {}): FitRun {
  const run = startRun(data, options);
  return {
    start: copyState(run.start),
    epochs: run.epochs,
    step: (state) => run.step(state),
    done: (state) => run.done(state),
    result: (state) => run.result(state),
    checkpoint: (state) => run.checkpoint(state),
  };
}

/** Every option fit() takes: the settings of its config, then those of the run. */
const fitOptionNames: readonly string[] = [
  ...configKeys,
  'optimizerOptions',
  'epochs',
  'resume',
  'onCheckpoint',
  'checkpointSeconds',
  'onEpoch',
  'onStart',
  'threads',
  'settingNames',
] satisfies readonly (keyof FitOptions)[];

/** The option fit() was likely given under another name. */
const fitOptionHint = (key: string): string =>
  key in optimizerSettings
    ? ` (an optimizer's ${key} goes in optimizerOptions)`
    : key === 'epoch'
      ? ' (the epoch limit is epochs)'
      : '';

function startRun(data: Dataset, options: FitOptions): Run {
  const started = now();
  refuseUnknownOptions('fit', options, fitOptionNames, fitOptionHint);
  const { model: given, ...rest } = options;
  if (given !== undefined && typeof given !== 'string' && !isModel(given)) {
    throw new InputError(
      (name) =>
        `${name('model')}: expected a model spec such as "mlp:16" or a Model (customModel), got ${JSON.stringify(given)}`,
      { key: 'model' },
    );
  }
  const custom = typeof given === 'object' ? given : null;
  const spec = custom?.spec ?? (typeof given === 'string' ? given : undefined);
  const settings: RunSettings = { ...rest, ...(spec !== undefined && { model: spec }) };
  const config = runConfig(data, settings, custom);
  const epochs = checkSetting(
    trainSettings.epochs,
    options.epochs ?? options.resume?.epochs ?? trainSettings.epochs.default,
  );
  const done = options.resume === undefined ? 0 : options.resume.epoch + (options.resume.batch > 0 ? 1 : 0);
  if (epochs < done) {
    throw new InputError(
      (name) => `${name('epochs')} ${epochs}: the checkpoint is already into epoch ${done}`,
      {
        key: 'epochs',
      },
    );
  }
  const setup = prepareFit(data, config, custom);
  // Hashing every number costs a pass over the data, so it is done only when a checkpoint is made or read.
  let dataPrint: DataFingerprint | null = null;
  const dataFingerprint = (): DataFingerprint => {
    dataPrint ??= fingerprint(data);
    return dataPrint;
  };
  if (options.resume !== undefined && !sameSetting(options.resume.data, dataFingerprint())) {
    throw new InputError(
      (name) =>
        `${name('resume')}: the checkpoint was trained on other data (the rows, columns or values differ)`,
      { key: 'resume' },
    );
  }
  const header = (): CheckpointHeader => ({
    format: 'downhill-fit-checkpoint',
    version: 1,
    config: setup.config,
    data: dataFingerprint(),
    epochs,
  });
  return new Run(setup, epochs, header, options.resume ?? null, options.settingNames, started);
}

/** The options with the model as its spec. */
type RunSettings = FitSettings & Omit<FitOptions, 'model'>;

/** The config of this run: the checkpoint's when resuming (any setting given must agree), else the settings'. */
function runConfig(data: Dataset, options: RunSettings, custom: Model | null): FitConfig {
  const { resume } = options;
  if (resume === undefined) return resolveFitConfig(data, options, custom);
  checkFitConfig(resume.config);
  checkResumeSettings(options, resume.config);
  return resume.config;
}

/** A copy that shares no memory with `state`, its history exactly sized. */
function copyState(state: FitState): FitState {
  return { ...structuredClone(state), history: copyHistory(state.history) };
}

/** Arrays a loop reuses from epoch to epoch instead of allocating them: nothing in them outlives an epoch. */
interface Scratch {
  readonly order: Uint32Array;
  readonly epochStart: Float64Array;
}

/**
 * fit()'s loop for a caller that drives it (fitStepper): the run and its working state, advanced in
 * place with fit()'s callbacks. Not public: fitRun is the loop as values, fitStepper as a handle.
 *
 * @example
 * const loop = fitLoop(data, { model: 'mlp:4', epochs: 10 });
 * loop.advanceTo(3); // three epochs
 */
export function fitLoop(data: Dataset, options: FitOptions): FitLoop {
  return new FitLoop(startRun(data, options), options);
}

/**
 * fit() driven through its callbacks: one working state advanced in place (nobody else holds it), an
 * epoch report after each epoch and a checkpoint at least every `checkpointSeconds`.
 */
export class FitLoop {
  readonly state: WorkingState;
  private readonly scratch: Scratch;
  private lastCheckpoint: number;

  constructor(
    readonly run: Run,
    private readonly options: FitOptions,
  ) {
    this.state = { ...copyState(run.start) };
    this.scratch = {
      order: new Uint32Array(run.setup.train.rows),
      epochStart: new Float64Array(this.state.params.length),
    };
    this.lastCheckpoint = run.started;
    if (options.resume === undefined) options.onStart?.(this.state.params);
  }

  /** Steps until the run ends (true) or the clock passes `deadline` (false), between two steps. */
  advance(deadline: number): boolean {
    return this.steps(deadline, Number.POSITIVE_INFINITY);
  }

  /** Whole epochs until `epoch` are done or the run ends; true when it has ended. */
  advanceTo(epoch: number): boolean {
    return this.steps(Number.POSITIVE_INFINITY, epoch);
  }

  private steps(deadline: number, epoch: number): boolean {
    const { run, state, options } = this;
    const timed = deadline !== Number.POSITIVE_INFINITY;
    const interval = options.checkpointSeconds ?? 1;
    while (!run.done(state) && (state.epoch < epoch || state.batch > 0)) {
      if (run.advance(state, this.scratch) && options.onEpoch !== undefined) {
        const { loss, validationLoss } = state.history;
        options.onEpoch({
          epoch: state.epoch,
          epochs: run.epochs,
          params: state.params,
          loss: loss[loss.length - 1]!,
          validationLoss: validationLoss === null ? null : validationLoss[validationLoss.length - 1]!,
          seconds: now() - run.started,
        });
      }
      if (options.onCheckpoint !== undefined && now() - this.lastCheckpoint >= interval) this.checkpoint();
      if (timed && now() >= deadline) break;
    }
    return run.done(state);
  }

  /** Hands the whole state to onCheckpoint, when there is one. */
  saveCheckpoint(): void {
    if (this.options.onCheckpoint !== undefined) this.checkpoint();
  }

  private checkpoint(): void {
    this.options.onCheckpoint?.(this.run.checkpoint(this.state));
    this.lastCheckpoint = now();
  }
}

/**
 * One run's fixed parts — its setup, epoch total and header — and the step that maps a FitState to
 * the next, with the result a state stands for.
 */
export class Run {
  /** The state before the first step (owned here: steps copy it or work on a copy). */
  readonly start: FitState;
  private readonly n: number;
  private readonly batches: number;
  private readonly fullBatch: boolean;
  private readonly buffer: BatchBuffer | null;
  private readonly grad: Float64Array;
  private readonly names: SettingNamer;
  private startLoss: number | null = null;
  private sst: number | null = null;
  private scratch: Float64Array | null = null;
  private sample: { features: Float64Array; target: Float64Array } | null = null;

  constructor(
    readonly setup: FitSetup,
    readonly epochs: number,
    private readonly header: () => CheckpointHeader,
    resume: FitCheckpoint | null,
    names: SettingNamer | undefined,
    readonly started: number,
  ) {
    const { train, batchSize, model, objective, method } = setup;
    this.n = train.rows;
    this.batches = batchCount(this.n, batchSize);
    this.fullBatch = batchSize >= this.n;
    this.buffer = this.fullBatch ? null : createBatchBuffer(train, batchSize);
    this.grad = new Float64Array(model.layout.size);
    this.names = names ?? ((key) => key);
    if (resume !== null) {
      if (resume.params.length !== this.grad.length)
        throw new InputError((name) => `${name('resume')}: the checkpoint holds params of another shape`, {
          key: 'resume',
        });
      const { format, version, config, data, epochs: total, ...state } = resume;
      this.start = state;
      return;
    }
    const params = Float64Array.from(setup.initialParams);
    objective.x = train.features;
    objective.y = train.target;
    this.start = {
      epoch: 0,
      batch: 0,
      order: null,
      epochLossSum: 0,
      epochStart: null,
      params,
      optimizerState: method.init(params, objective),
      rng: setup.rng.getState(),
      tally: null,
      lastTally: null,
      startLoss: null,
      history: emptyHistory(setup.validation !== null),
      best: null,
      badEpochs: 0,
      stopped: null,
    };
  }

  /**
   * Every full-batch step sees the same rows, so the trainer may bind its fastest kernel to them once; and a
   * trainer with threaded kernels may share the passes among `threads` threads. The release undoes both.
   */
  bind(threads: number | undefined): () => void {
    const { train, trainer, batchSize } = this.setup;
    if (threads !== undefined) checkSetting(trainSettings.threads, threads);
    const unbind = this.fullBatch ? trainer.bind?.(train.features, train.target, threads) : undefined;
    let unshare: (() => void) | undefined;
    try {
      unshare = trainer.parallel?.(threads, batchSize);
    } catch (error) {
      unbind?.();
      throw error;
    }
    return () => {
      try {
        unshare?.();
      } finally {
        unbind?.();
      }
    };
  }

  done(state: FitState): boolean {
    return state.stopped !== null || state.epoch >= this.epochs;
  }

  step(state: FitState): FitState {
    const next: WorkingState = { ...copyState(state) };
    if (!this.done(next)) this.advance(next);
    return next;
  }

  checkpoint(state: FitState): FitCheckpoint {
    return { ...this.header(), ...copyState(state) };
  }

  /** One step on `state` in place; true when it ended an epoch. */
  advance(state: WorkingState, scratch?: Scratch): boolean {
    const { objective, method, train, batchSize } = this.setup;
    const params = state.params;
    if (state.batch === 0) {
      const start = scratch?.epochStart ?? new Float64Array(params.length);
      start.set(params);
      state.epochStart = start;
      if (!this.fullBatch) {
        const rng = Random.fromState(state.rng);
        state.order = batchOrder(this.n, batchSize, rng, scratch?.order);
        state.rng = rng.getState();
      }
      state.epochLossSum = 0;
      state.tally = this.fullBatch ? null : emptyTally();
    }
    if (this.buffer === null) {
      objective.x = train.features;
      objective.y = train.target;
    } else {
      const b = gatherBatch(train, state.order!, state.batch, this.buffer);
      objective.x = b.features;
      objective.y = b.target;
    }
    // The first full-batch step scores the initial params on every row: the start loss, with no pass of its own
    // (only its loss is read, so a fused kernel's rows are not run through the model again for metrics).
    const first = this.fullBatch && state.epoch === 0 && state.startLoss === null ? emptyTally() : null;
    const sums = state.tally ?? first;
    const value = scoreBatch(this.setup, params, this.grad, sums, first === null);
    if (first !== null) state.startLoss = this.tallied(first)?.loss ?? null;
    if (!Number.isFinite(value)) {
      if (state.batch === 0) {
        state.order = null;
        state.epochStart = null;
      }
      // Before the first step no learning rate is to blame: the start itself overflows (or is undefined).
      const atStart = state.epoch === 0 && state.batch === 0;
      state.stopped = {
        status: 'diverged',
        message: atStart
          ? startAdvice(this.setup, value, this.names)
          : `the loss left the finite numbers in epoch ${state.epoch + 1}${advice(this.setup, this.names)}`,
      };
      return false;
    }
    const gradNorm = this.fullBatch ? norm(this.grad) : Number.POSITIVE_INFINITY;
    if (method.stepInPlace !== undefined) {
      // This loop owns the state (step() works on a copy), so the fused pass may overwrite its arrays.
      state.optimizerState = method.stepInPlace(params, this.grad, state.optimizerState);
    } else {
      const [step, next] = method.step(params, value, this.grad, state.optimizerState, objective);
      state.optimizerState = next;
      for (let j = 0; j < params.length; j++) params[j] = params[j]! + step[j]!;
    }
    state.epochLossSum += value * objective.y.length;
    state.batch++;
    if (state.batch < this.batches) return false;
    this.endEpoch(state, gradNorm);
    return true;
  }

  /** The mean loss and metrics a tally of the training rows stands for, or null when it does not cover them. */
  private tallied(sums: TallySums | null): { loss: number; metrics: Metrics } | null {
    if (sums === null) return null;
    const { model, train } = this.setup;
    if (model.task === 'regression') this.sst ??= totalSumOfSquares(train.target);
    return talliedMetrics(sums, model.task, this.n, this.sst ?? 0);
  }

  /** The training loss and metrics: a mini-batch epoch's tally where there is one, else one pass at `params`. */
  private training(params: Float64Array, sums: TallySums | null): { loss: number; metrics: Metrics } {
    return this.tallied(sums) ?? this.evaluate(params, this.setup.train);
  }

  /** The training loss the verdicts start from. */
  private startOf(state: FitState): number {
    return state.startLoss ?? this.initialLoss();
  }

  /** The training loss of the last epoch: its tally with mini-batches, else at its params. */
  private endOf(state: FitState): number {
    return this.tallied(state.lastTally)?.loss ?? this.trainingLoss(state.params);
  }

  private endEpoch(state: WorkingState, gradNorm: number): void {
    const { setup } = this;
    const { params } = state;
    const tol = setup.config.tol;
    const loss = state.epochLossSum / this.n;
    const losses = state.history.loss;
    const previous = losses.length === 0 ? null : losses[losses.length - 1]!;
    const start = state.epochStart!;
    let stepNorm = 0;
    for (let j = 0; j < params.length; j++) stepNorm += (params[j]! - start[j]!) ** 2;
    stepNorm = Math.sqrt(stepNorm);
    state.epoch++;
    state.batch = 0;
    state.order = null;
    state.epochStart = null;
    state.epochLossSum = 0;
    if (!this.fullBatch) {
      state.lastTally = state.tally;
      if (state.epoch === 1 && state.startLoss === null)
        state.startLoss = this.tallied(state.lastTally)?.loss ?? null;
    }
    state.tally = null;
    const epoch = state.epoch;
    const after = (): string => `after ${epoch} epoch${epoch === 1 ? '' : 's'}`;

    let validationLoss: number | null = null;
    if (setup.validation !== null) {
      // One pass gives the validation loss and, should this epoch be the best, the result's validation metrics.
      const seen = this.evaluate(params, setup.validation);
      validationLoss = seen.loss;
      if (state.best === null || validationLoss < state.best.loss) {
        state.best = {
          epoch,
          loss: validationLoss,
          params: Float64Array.from(params),
          metrics: seen.metrics,
          tally: state.lastTally === null ? null : Float64Array.from(state.lastTally),
        };
        state.badEpochs = 0;
      } else {
        state.badEpochs++;
      }
    }
    state.history = recordEpoch(state.history, epoch, loss, validationLoss);

    // A method with stopping tests of its own (lm's) decides instead of the tolerance tests here.
    const own = setup.method.finished?.(state.optimizerState) ?? null;
    const tests = setup.method.finished === undefined && tol > 0;
    const stop = (status: RunStatus, message: string): void => {
      state.stopped = { status, message };
    };
    if (!allFinite(params)) {
      stop('diverged', `the params left the finite numbers ${after()}${advice(setup, this.names)}`);
    } else if (own !== null) {
      stop(own.status, own.message);
    } else if (tests && gradNorm <= tol) {
      stop('converged', `gradient norm fell below ${tol} ${after()}`);
    } else if (tests && stepNorm <= tol) {
      stop('converged', `step size fell below ${tol} ${after()}`);
    } else if (
      tests &&
      !this.fullBatch &&
      previous !== null &&
      Math.abs(loss - previous) <= tol * Math.max(1, Math.abs(loss))
    ) {
      stop('converged', `the epoch's mean loss changed by less than ${tol} (relative) ${after()}`);
    } else if (state.best !== null && state.badEpochs >= setup.config.patience) {
      const { patience } = setup.config;
      const best = state.best;
      state.stopped = earlyStopVerdict({
        epochs: epoch,
        patience,
        start: this.startOf(state),
        end: this.endOf(state),
        recent: lossesSince(state.history, epoch - patience - 1),
        best: this.bestEpoch(best),
        learned: explained(
          this.training(best.params, best.tally).metrics,
          setup.train.target,
          setup.model.outputs,
        ),
        advice: advice(setup, this.names),
        name: this.names,
      });
    }
  }

  /** The loss on the whole training set (penalty excluded), as the result's `loss` is. */
  trainingLoss(params: Float64Array): number {
    const { train, trainer } = this.setup;
    return trainer.value(params, train.features, train.target);
  }

  /** The training loss at the initial params, where every message's story begins. */
  private initialLoss(): number {
    this.startLoss ??= this.trainingLoss(this.setup.initialParams);
    return this.startLoss;
  }

  private bestEpoch(best: NonNullable<FitState['best']>): BestEpoch {
    const training = this.tallied(best.tally)?.loss ?? this.trainingLoss(best.params);
    return { epoch: best.epoch, training, validation: best.loss };
  }

  metricsAt(params: Float64Array, set: Dataset): Metrics {
    return this.evaluate(params, set).metrics;
  }

  /**
   * The metrics and the loss (penalty excluded) on `set` from one pass of the model over its rows: on a large
   * set each pass costs about half a training epoch, so the result's loss and metrics share one.
   */
  private evaluate(params: Float64Array, set: Dataset): { metrics: Metrics; loss: number } {
    const { model, trainer, loss } = this.setup;
    const fused = trainer.bind !== undefined && loss.name === 'mse' && model.task === 'regression';
    if (fused && set === this.setup.train && this.fullBatch) {
      // The kernel bound to the training rows gives their mean squared error in one fused pass: on 300,000 × 20
      // about a fifth of the time of the model's outputs and a loop over them.
      this.scratch ??= new Float64Array(params.length);
      const mse = trainer.valueAndGradient(params, set.features, set.target, this.scratch);
      this.sst ??= totalSumOfSquares(set.target);
      return { loss: mse, metrics: { mse, r2: this.sst > 0 ? 1 - (mse * this.n) / this.sst : Number.NaN } };
    }
    // A bound kernel that counts the rows it classifies right gives a classifier's loss (the log loss) and
    // accuracy in one pass of its own, instead of the model's outputs over every row and a sweep over them.
    const scored =
      model.task === 'classification' && set === this.setup.train && this.fullBatch
        ? (trainer.boundScore?.(params, set.features, set.target) ?? null)
        : null;
    if (scored !== null) {
      return { loss: scored.loss, metrics: { accuracy: scored.correct / this.n, logLoss: scored.loss } };
    }
    const outputs = trainer.outputs(params, set.features);
    if (model.task === 'regression') {
      return { metrics: regressionMetrics(outputs, set.target), loss: loss.evaluate(outputs, set.target) };
    }
    const metrics = classificationMetrics(outputs, set.target, model.outputs);
    // bce on one logit and ce on k are the log loss, summed in the same order: its mean is the loss to the bit.
    const logLoss = (loss.name === 'bce' && model.outputs === 1) || (loss.name === 'ce' && model.outputs > 1);
    return { metrics, loss: logLoss ? metrics.logLoss : loss.evaluate(outputs, set.target) };
  }

  /**
   * Each layer's gradient norm at `params` and its verdict. The verdicts compare layers' norms, which a
   * sample of rows estimates at a small part of an epoch's cost.
   */
  health(params: Float64Array): LayerHealth[] {
    const { objective, train, model } = this.setup;
    this.sample ??= sampleRows(train, HEALTH_ROWS);
    const grad = new Float64Array(params.length);
    objective.x = this.sample.features;
    objective.y = this.sample.target;
    objective.valueAndGradient(params, grad);
    return gradientHealth(grad, model.layers);
  }

  result(state: FitState): FitResult {
    const { setup } = this;
    const { model, train, validation, scaling, config } = setup;
    const finalParams = state.best !== null ? state.best.params : state.params;
    // With mini-batches the loss and metrics are those of the final (or restored) epoch's batches, tallied
    // as they trained; with full batches, at params that left the finite numbers and where no tally covers
    // the rows, one pass at the params.
    const sums = !allFinite(finalParams) ? null : state.best !== null ? state.best.tally : state.lastTally;
    const { metrics, loss } = this.training(finalParams, sums);
    const custom = this.setup.custom;
    // CONTRACT: gradient health is that of the last epoch's params, even when the best are restored.
    const health = config.model.startsWith('mlp') || custom ? this.health(state.params) : null;
    const params = Float64Array.from(finalParams);
    const history = copyHistory(state.history);
    const checkpoint = (): FitCheckpoint => this.checkpoint(state);
    let final: FitCheckpoint | undefined;
    // A stopping rule's verdict is part of the state; the epoch limit's is not, so a resumed run may go on.
    let stopped =
      state.stopped ??
      epochLimitVerdict({
        limit: this.epochs,
        epochs: state.epoch,
        history: history.loss,
        start: this.startOf(state),
        end: state.best === null ? loss : this.endOf(state),
        best:
          state.best === null
            ? null
            : { epoch: state.best.epoch, training: loss, validation: state.best.loss },
        advice: advice(setup, this.names),
      });
    if (health !== null && !custom) {
      const learned = explained(metrics, train.target, model.outputs);
      stopped = networkVerdict(stopped, learned, health, config.activation ?? 'relu', this.names);
    }
    // Standard errors belong to formula fits by mse (CONTRACT) and to custom models fitted by lm, whose
    // Jacobian lm evaluates anyway (another optimizer's custom network may be too large for one); at
    // non-finite params there are none.
    const uncertainty =
      (config.model === 'formula' || (custom && config.optimizer === 'lm')) &&
      config.loss === 'mse' &&
      allFinite(params)
        ? uncertaintyReport(model, setup.trainer, train, params)
        : null;
    if (uncertainty?.determination && uncertainty.determination.verdict !== 'well-determined') {
      stopped = { ...stopped, message: `${stopped.message}; ${uncertainty.determination.message}` };
    }
    const lmState = config.optimizer === 'lm' ? (state.optimizerState as LmState) : null;
    const evaluations =
      lmState === null
        ? null
        : { residual: lmState.residualEvaluations, jacobian: lmState.jacobianEvaluations };
    return {
      status: stopped.status,
      message: stopped.message,
      config,
      model,
      optimizer: setup.method.info,
      params,
      parameters: model.report(params, scaling),
      scaling,
      classes: model.task === 'classification' ? train.classes : null,
      loss,
      epochs: state.epoch,
      metrics,
      validation:
        validation === null ? null : (state.best?.metrics ?? this.metricsAt(finalParams, validation)),
      bestEpoch: state.best?.epoch ?? null,
      gradientHealth: health,
      standardErrors: uncertainty?.standardErrors ?? null,
      determination: uncertainty?.determination ?? null,
      evaluations,
      history,
      timing: { trainSeconds: now() - this.started },
      get checkpoint() {
        final ??= checkpoint();
        return final;
      },
      predict: (x) =>
        model.apply(unflattenParams(params, model.layout), scaling === null ? x : standardize(x, scaling)),
    };
  }
}

/** The recorded training losses of the epochs from index `from` (0-based) on. */
function lossesSince(history: FitHistory, from: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < history.epochs.length; i++)
    if (history.epochs[i]! - 1 >= from) out.push(history.loss[i]!);
  return out;
}

/** Why a run cannot start: its loss at the initial params is not finite (numbers too large to square, or a model undefined there). */
function startAdvice(setup: FitSetup, value: number, name: SettingNamer): string {
  const { config } = setup;
  const scalable = !config.standardize && config.formula === null && !setup.custom;
  const hint = scalable
    ? ` — the data's numbers may be too large to square: try ${name('standardize')}`
    : config.formula !== null
      ? ` — the formula's predictions there may not be finite: start from other ${name('params')}`
      : '';
  return `the loss is ${formatNumber(value, 4)} at the initial params, before any step, so no learning rate is to blame${hint}`;
}

/** A hint for a run that blew up: a smaller learning rate, when the optimizer has one. */
function advice(setup: FitSetup, name: SettingNamer): string {
  const lr = setup.method.info.lr;
  return typeof lr === 'number'
    ? `; lr ${formatNumber(lr, 4)} is too large here — try ${formatNumber(lr / 10, 4)} or ${name('findLr')}`
    : '';
}
