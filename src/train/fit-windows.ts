// fitWindows: training on rows that arrive a window at a time — data larger than memory, streamed from a file.

import type { Dataset } from '../data/dataset.js';
import { heldRows } from '../data/held-rows.js';
import { Random } from '../data/random.js';
import type { RowWindows } from '../data/row-windows.js';
import { StandardizerSums } from '../data/standardize.js';
import { type Explained, earlyStopVerdict, explained } from '../diagnose/fit-verdict.js';
import { InputError } from '../errors.js';
import type { Model, ReportedParams } from '../models/model.js';
import { formatNumber } from '../numeric/format.js';
import { allFinite, norm } from '../numeric/vector.js';
import type { MethodInfo } from '../record/method-info.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import type { Standardizer } from '../record/standardizer.js';
import { checkSetting } from '../setting.js';
import { emptyTally, type TallySums, talliedMetrics } from './epoch-tally.js';
import {
  checkFitConfig,
  checkResumeSettings,
  type FitConfig,
  type FitSettings,
  needsFullBatch,
} from './fit-config.js';
import { type FitSetup, prepareFit, resolveFitConfig, scoreBatch } from './fit-setup.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import { trainSettings } from './settings.js';
import {
  type WindowCheckpoint,
  type WindowData,
  type WindowFitState,
  windowHash,
} from './window-checkpoint.js';

/** What fitWindows hears as rows go by. */
export interface WindowProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Rows stepped on so far, over every epoch (a resumed run counts the checkpoint's too). */
  readonly rowsDone: number;
  readonly rowsTotal: number;
  /** Seconds of this call. */
  readonly seconds: number;
  /** Rows stepped on in this call, for its rate. */
  readonly rowsThisRun: number;
  readonly loss: number;
}

export interface WindowFitOptions extends FitSettings {
  readonly epochs?: number;
  readonly onProgress?: (progress: WindowProgress) => void;
  /** Continue this checkpoint of a streamed run on the same windows (same rows, same window size). */
  readonly resume?: WindowCheckpoint;
  /** Called with the whole state between two windows at least every `checkpointSeconds`, and at the end. */
  readonly onCheckpoint?: (checkpoint: WindowCheckpoint) => void;
  /** Seconds between checkpoints (default 1). */
  readonly checkpointSeconds?: number;
}

/** A streamed run's result: CONTRACT's fit fields, the window its order was shuffled within, and its rate. */
export interface WindowFitResult {
  status: RunStatus;
  message: string;
  config: FitConfig;
  optimizer: MethodInfo;
  params: Float64Array;
  parameters: ReportedParams;
  scaling: Standardizer | null;
  classes: readonly string[] | null;
  loss: number;
  epochs: number;
  metrics: Metrics;
  /** The metrics of the held-out rows at the returned params, with a validation split. */
  validation: Metrics | null;
  /** The epoch whose params were returned, with a validation split. */
  bestEpoch: number | null;
  /** Rows per window: the row order of each epoch is the source's, shuffled within each window. */
  window: number;
  rows: number;
  /** Rows held out for validation (see heldRows), 0 without a split. */
  validationRows: number;
  timing: { trainSeconds: number; rowsPerSecond: number };
}

/**
 * Trains on `source` a window at a time, holding one window in memory. Each epoch walks the windows
 * in order; with mini-batches each window's training rows are shuffled by the seeded generator
 * (Fisher–Yates) and the epoch's rows, window after window, are cut into batches (a batch may span two
 * windows; the epoch's last may be short). The generator draws the same numbers as fit() does — the
 * init, then one shuffle per window per epoch — so with one window holding every row the params equal
 * fit()'s bit for bit, and any source with the same rows and window gives the same run.
 *
 * - `validation`: heldRows decides which rows are held out (the same count as fit()'s split, other
 *   rows); with one window, the run equals fit() on the training rows alone, with the validation loss
 *   after each epoch from one more pass over the held rows, early stopping after `patience` epochs
 *   without improvement and the best epoch's params returned, as fit() does.
 * - `standardize`: a first pass over the training rows finds each column's mean and standard deviation
 *   (Welford's update, in the rows' order, as fitStandardizer); the windows are scaled as they are read
 *   and the reported parameters are in the data's own units.
 * - `onCheckpoint` / `resume`: the state between two windows — the window reached, the rows waiting for
 *   the next batch, the generator, the optimizer — so a resumed run equals an uninterrupted one bit for
 *   bit; a checkpoint carries a hash of every row, checked on resume.
 *
 * Without a batch size each epoch is one full-batch step whose loss and gradient are summed window by
 * window. A poly model (its scaling needs every row) and line searches are bad input here. Stops as
 * fit() does on a small step or gradient (`tol`), a flat mini-batch loss, early stopping, or a loss that
 * leaves the finite numbers; the result's loss and metrics come from one more pass.
 *
 * @example
 * const run = fitWindows(windows, { model: 'linear', optimizer: 'adam', batchSize: 256, epochs: 3, validation: 0.2 });
 * run.parameters; run.window; run.validation; run.timing.rowsPerSecond;
 */
export function fitWindows(source: RowWindows, options: WindowFitOptions = {}): WindowFitResult {
  const run = new WindowRun(source, options);
  run.advance(Number.POSITIVE_INFINITY);
  run.saveCheckpoint();
  return run.result();
}

/**
 * fitWindows with the event loop free between windows (at least every 50 ms), so that `signal` can stop
 * it: on abort the whole state goes to `onCheckpoint` and the promise rejects with the signal's reason.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort(new Error('interrupted')));
 * await fitWindowsInterruptibly(windows, { batchSize: 256, onCheckpoint: save }, controller.signal);
 */
export async function fitWindowsInterruptibly(
  source: RowWindows,
  options: WindowFitOptions,
  signal: AbortSignal,
): Promise<WindowFitResult> {
  const run = new WindowRun(source, options);
  while (!run.advance(now() + 0.05)) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (signal.aborted) {
      run.saveCheckpoint();
      throw signal.reason;
    }
  }
  run.saveCheckpoint();
  return run.result();
}

const now = (): number => performance.now() / 1000;
const isHeld = (held: Uint8Array, row: number): boolean => ((held[row >> 3]! >> (row & 7)) & 1) === 1;

/** Loss and metrics of one pass over a set of rows. */
interface Pass {
  loss: number;
  metrics: Metrics;
  explained: Explained;
}

/** Sums of a pass over rows, window by window. */
class PassSums {
  rows = 0;
  loss = 0;
  squares = 0;
  sum = 0;
  sumSquares = 0;
  correct = 0;
  logLoss = 0;
  counts: Float64Array;

  constructor(outputs: number) {
    this.counts = new Float64Array(Math.max(2, outputs));
  }

  finish(model: Model): Pass {
    const n = this.rows;
    if (model.task === 'regression') {
      const spread = this.sumSquares - (this.sum * this.sum) / n;
      const metrics = { mse: this.squares / n, r2: spread > 0 ? 1 - this.squares / spread : 0 };
      return { loss: this.loss / n, metrics, explained: explained(metrics, new Float64Array(0), 1) };
    }
    const metrics = { accuracy: this.correct / n, logLoss: this.logLoss / n };
    // The class counts stand for the target: explained() reads only their frequencies.
    const frequencies = Float64Array.from(this.counts, (c) => c / n);
    return { loss: this.loss / n, metrics, explained: classExplained(metrics, frequencies) };
  }
}

/** explained() for a classifier from its class frequencies rather than every target. */
function classExplained(metrics: { logLoss: number }, frequencies: Float64Array): Explained {
  let entropy = 0;
  for (const p of frequencies) if (p > 0) entropy -= p * Math.log(p);
  return {
    share: entropy > 0 ? 1 - metrics.logLoss / entropy : Number.NaN,
    text: `log loss ${formatNumber(metrics.logLoss, 4)}, against ${formatNumber(entropy, 4)} for always guessing the class frequencies`,
  };
}

/** A streamed run: its fixed parts, the working state it advances window by window, and its result. */
class WindowRun {
  private readonly width: number;
  private readonly windows: number;
  private readonly features: Float64Array;
  private readonly target: Float64Array;
  private readonly config: FitConfig;
  private readonly held: Uint8Array | null;
  private readonly trainRows: number;
  private readonly scaling: Standardizer | null;
  private readonly setup: FitSetup;
  private readonly data: WindowData;
  private readonly epochs: number;
  private readonly batch: number;
  private readonly fullBatch: boolean;
  private readonly started = now();
  private readonly rowsAtStart: number;
  private lastCheckpoint: number;
  // The working state (a checkpoint copies it).
  private epoch: number;
  private window: number;
  private params: Float64Array;
  private optimizerState: unknown;
  private rng: Random;
  private epochLossSum: number;
  private readonly epochStart: Float64Array;
  private readonly gradSum: Float64Array;
  private carry: number;
  private rowsDone: number;
  private previous: number | null;
  private recent: number[];
  private best: WindowFitState['best'];
  private badEpochs: number;
  /** With mini-batches: the epoch under way's tally, the last epoch's, and the first epoch's loss (as fit()'s). */
  private tally: TallySums | null = null;
  private lastTally: TallySums | null = null;
  private startLoss: number | null = null;
  private classShares: Float64Array | null = null;
  private stopped: WindowFitState['stopped'];
  // Scratch.
  private readonly grad: Float64Array;
  private readonly order: Uint32Array;
  private readonly batchX: Float64Array;
  private readonly batchY: Float64Array;

  constructor(
    private readonly source: RowWindows,
    private readonly options: WindowFitOptions,
  ) {
    const width = source.featureNames.length;
    const { rows, window } = source;
    this.width = width;
    this.windows = Math.ceil(rows / window);
    this.features = new Float64Array(window * width);
    this.target = new Float64Array(window);
    const { onProgress, epochs, resume, onCheckpoint, checkpointSeconds, ...settings } = options;
    const first = source.read(0, this.features, this.target);
    const raw: Dataset = {
      name: source.name,
      featureNames: source.featureNames,
      targetName: source.targetName,
      classes: source.classes,
      rows: first,
      features: this.features.subarray(0, first * width),
      target: this.target.subarray(0, first),
    };
    if (resume !== undefined) {
      checkFitConfig(resume.config);
      checkResumeSettings(settings, resume.config);
    }
    const config = resume?.config ?? resolveFitConfig(raw, settings);
    this.config = config;
    if (config.model.startsWith('poly'))
      throw new InputError(
        (name) =>
          `${name('model')}: a poly model scales its powers by every row; streamed data takes linear, logistic, softmax or mlp`,
        { key: 'model' },
      );
    if (needsFullBatch(config.optimizer, config.optimizerOptions))
      throw new InputError(
        (name) =>
          `${name('optimizer')}: ${config.optimizer} searches along the whole objective; streamed data takes first-order optimizers`,
        { key: 'optimizer' },
      );
    this.epochs = checkSetting(
      trainSettings.epochs,
      epochs ?? resume?.epochs ?? trainSettings.epochs.default,
    );
    const reached = resume === undefined ? 0 : resume.epoch + (resume.window > 0 ? 1 : 0);
    if (this.epochs < reached)
      throw new InputError(
        (name) => `${name('epochs')} ${this.epochs}: the checkpoint is already into epoch ${reached}`,
        { key: 'epochs' },
      );
    this.held = config.validation > 0 ? heldRows(rows, config.validation, config.seed) : null;
    this.trainRows = rows - (this.held === null ? 0 : Math.round(config.validation * rows));

    // A first pass when the run needs every row's statistics or their hash.
    const hashing = onCheckpoint !== undefined || resume !== undefined;
    let hash: string | null = null;
    let scaling: Standardizer | null = null;
    if (config.standardize || hashing) {
      const sums = new StandardizerSums(width);
      const digest = windowHash();
      for (let w = 0; w < this.windows; w++) {
        const n = w === 0 && this.windows === 1 ? first : source.read(w, this.features, this.target);
        if (hashing) digest.add(this.features.subarray(0, n * width), this.target.subarray(0, n));
        if (config.standardize) sums.add(this.features.subarray(0, this.keep(w, n, false) * width));
      }
      if (hashing) hash = digest.hex();
      if (config.standardize) scaling = sums.result();
    }
    this.scaling = scaling;
    this.data = {
      rows,
      window,
      featureNames: [...source.featureNames],
      targetName: source.targetName,
      classes: source.classes === null ? null : [...source.classes],
      hash: hash ?? '',
    };
    if (resume !== undefined) checkSameData(resume.data, this.data);

    const n = this.load(0);
    const sample: Dataset = {
      ...raw,
      rows: n,
      features: this.features.subarray(0, n * width),
      target: this.target.subarray(0, n),
    };
    this.setup = prepareFit(sample, { ...config, batchSize: null, validation: 0, standardize: false });
    const { objective, method, model } = this.setup;
    this.batch = Math.min(config.batchSize ?? this.trainRows, this.trainRows);
    this.fullBatch = this.batch >= this.trainRows;
    this.grad = new Float64Array(model.layout.size);
    this.gradSum = new Float64Array(model.layout.size);
    this.epochStart = new Float64Array(model.layout.size);
    this.order = new Uint32Array(window);
    this.batchX = new Float64Array(Math.min(this.batch, this.trainRows) * width);
    this.batchY = new Float64Array(Math.min(this.batch, this.trainRows));
    if (resume !== undefined) {
      if (resume.params.length !== model.layout.size)
        throw new InputError((name) => `${name('resume')}: the checkpoint holds params of another shape`, {
          key: 'resume',
        });
      this.epoch = resume.epoch;
      this.window = resume.window;
      this.params = Float64Array.from(resume.params);
      this.optimizerState = structuredClone(resume.optimizerState);
      this.rng = Random.fromState(resume.rng);
      this.epochLossSum = resume.epochLossSum;
      if (resume.epochStart !== null) this.epochStart.set(resume.epochStart);
      if (resume.gradSum !== null) this.gradSum.set(resume.gradSum);
      this.carry = resume.carryTarget.length;
      this.batchX.set(resume.carryFeatures);
      this.batchY.set(resume.carryTarget);
      this.rowsDone = resume.rowsDone;
      this.previous = resume.previous;
      this.recent = [...resume.recent];
      this.best =
        resume.best === null ? null : { ...resume.best, params: Float64Array.from(resume.best.params) };
      this.badEpochs = resume.badEpochs;
      this.stopped = resume.stopped;
      this.tally = resume.tally ?? null;
      this.lastTally = resume.lastTally ?? null;
      this.startLoss = resume.startLoss ?? null;
    } else {
      this.epoch = 0;
      this.window = 0;
      this.params = Float64Array.from(this.setup.initialParams);
      objective.x = sample.features;
      objective.y = sample.target;
      this.optimizerState = method.init(this.params, objective);
      this.rng = this.setup.rng;
      this.epochLossSum = 0;
      this.carry = 0;
      this.rowsDone = 0;
      this.previous = null;
      this.recent = [];
      this.best = null;
      this.badEpochs = 0;
      this.stopped = null;
    }
    this.rowsAtStart = this.rowsDone;
    this.lastCheckpoint = this.started;
  }

  /**
   * Reads window `index` and keeps its training rows (or, with `heldOut`, its held-out rows) at the
   * front of the window's arrays, in order, scaled when standardizing; returns their count.
   */
  private load(index: number, heldOut = false): number {
    const { features, width, scaling } = this;
    const kept = this.keep(index, this.source.read(index, features, this.target), heldOut);
    if (scaling !== null) {
      const { mean, std } = scaling;
      for (let i = 0; i < kept * width; i++) {
        const j = i % width;
        features[i] = (features[i]! - mean[j]!) / std[j]!;
      }
    }
    return kept;
  }

  /** Moves the `n` rows of window `index` just read that are training rows (or held-out rows) to the front, in order; returns their count. */
  private keep(index: number, n: number, heldOut: boolean): number {
    const { features, target, width, held } = this;
    if (held === null) return heldOut ? 0 : n;
    let kept = 0;
    const base = index * this.source.window;
    for (let i = 0; i < n; i++) {
      if (isHeld(held, base + i) !== heldOut) continue;
      if (kept !== i) {
        features.copyWithin(kept * width, i * width, (i + 1) * width);
        target[kept] = target[i]!;
      }
      kept++;
    }
    return kept;
  }

  private done(): boolean {
    return this.stopped !== null || this.epoch >= this.epochs;
  }

  /** One optimizer step on the objective as it points now; false when the loss is not finite. */
  private step(value: number, grad: Float64Array): boolean {
    if (!Number.isFinite(value)) {
      this.stopped = {
        status: 'diverged',
        message: `the loss left the finite numbers in epoch ${this.epoch + 1}`,
      };
      return false;
    }
    const { method, objective } = this.setup;
    const [move, next] = method.step(this.params, value, grad, this.optimizerState, objective);
    this.optimizerState = next;
    const params = this.params;
    for (let j = 0; j < params.length; j++) params[j] = params[j]! + move[j]!;
    return true;
  }

  /** Steps on the `size` rows waiting in the batch buffer. */
  private stepBatch(size: number): boolean {
    const { objective } = this.setup;
    objective.x = this.batchX.subarray(0, size * this.width);
    objective.y = this.batchY.subarray(0, size);
    const value = scoreBatch(this.setup, this.params, this.grad, this.tally);
    if (!this.step(value, this.grad)) return false;
    this.epochLossSum += value * size;
    this.rowsDone += size;
    return true;
  }

  /** Works through windows until the run ends (true) or the clock passes `deadline` (false), between two windows. */
  advance(deadline: number): boolean {
    const interval = this.options.checkpointSeconds ?? 1;
    while (!this.done()) {
      this.advanceWindow();
      if (this.options.onCheckpoint !== undefined && now() - this.lastCheckpoint >= interval)
        this.checkpointNow();
      if (now() >= deadline) break;
    }
    return this.done();
  }

  private advanceWindow(): void {
    const { width, setup } = this;
    const { objective } = setup;
    if (this.window === 0) {
      this.epochStart.set(this.params);
      this.epochLossSum = 0;
      this.gradSum.fill(0);
      this.tally = this.fullBatch ? null : emptyTally();
    }
    const n = this.load(this.window);
    const x = this.features;
    const y = this.target;
    if (this.fullBatch) {
      objective.x = x.subarray(0, n * width);
      objective.y = y.subarray(0, n);
      const value = objective.valueAndGradient(this.params, this.grad);
      const share = n / this.trainRows;
      for (let j = 0; j < this.grad.length; j++) this.gradSum[j] = this.gradSum[j]! + this.grad[j]! * share;
      this.epochLossSum += value * n;
    } else {
      const order = this.order.subarray(0, n);
      for (let i = 0; i < n; i++) order[i] = i;
      this.rng.shuffle(order);
      for (let i = 0; i < n; i++) {
        const row = order[i]!;
        this.batchX.set(x.subarray(row * width, (row + 1) * width), this.carry * width);
        this.batchY[this.carry] = y[row]!;
        this.carry++;
        if (this.carry < this.batch) continue;
        this.carry = 0;
        if (!this.stepBatch(this.batch)) return;
      }
    }
    this.window++;
    this.report(this.epoch, this.epochLossSum / this.trainRows);
    if (this.window === this.windows) this.endEpoch();
  }

  private report(epoch: number, loss: number): void {
    this.options.onProgress?.({
      epoch,
      epochs: this.epochs,
      rowsDone: this.rowsDone,
      rowsTotal: this.trainRows * this.epochs,
      seconds: now() - this.started,
      rowsThisRun: this.rowsDone - this.rowsAtStart,
      loss,
    });
  }

  private endEpoch(): void {
    let gradNorm = Number.POSITIVE_INFINITY;
    if (this.fullBatch) {
      gradNorm = norm(this.gradSum);
      this.setup.objective.x = this.features.subarray(0, 0);
      if (!this.step(this.epochLossSum / this.trainRows, this.gradSum)) return;
      this.rowsDone += this.trainRows;
    } else if (this.carry > 0) {
      const size = this.carry;
      this.carry = 0;
      if (!this.stepBatch(size)) return;
    }
    this.window = 0;
    this.epoch++;
    if (!this.fullBatch) {
      this.lastTally = this.tally;
      if (this.epoch === 1 && this.startLoss === null)
        this.startLoss = this.tallied(this.lastTally)?.loss ?? null;
    }
    this.tally = null;
    const { params, config } = this;
    const tol = config.tol;
    const loss = this.epochLossSum / this.trainRows;
    const epoch = this.epoch;
    const after = `after ${epoch} epoch${epoch === 1 ? '' : 's'}`;
    let moved = 0;
    for (let j = 0; j < params.length; j++) moved += (params[j]! - this.epochStart[j]!) ** 2;
    this.recent.push(loss);
    if (this.recent.length > config.patience + 1) this.recent.shift();
    if (this.held !== null) {
      const validationLoss = this.validationLoss(params);
      if (this.best === null || validationLoss < this.best.loss) {
        const tally = this.lastTally === null ? null : Float64Array.from(this.lastTally);
        this.best = { epoch, loss: validationLoss, params: Float64Array.from(params), tally };
        this.badEpochs = 0;
      } else {
        this.badEpochs++;
      }
    }
    const previous = this.previous;
    this.previous = loss;
    if (!allFinite(params)) {
      this.stopped = { status: 'diverged', message: `the params left the finite numbers ${after}` };
    } else if (tol > 0 && gradNorm <= tol) {
      this.stopped = { status: 'converged', message: `gradient norm fell below ${tol} ${after}` };
    } else if (tol > 0 && Math.sqrt(moved) <= tol) {
      this.stopped = { status: 'converged', message: `step size fell below ${tol} ${after}` };
    } else if (
      tol > 0 &&
      !this.fullBatch &&
      previous !== null &&
      Math.abs(loss - previous) <= tol * Math.max(1, Math.abs(loss))
    ) {
      this.stopped = {
        status: 'converged',
        message: `the epoch's mean loss changed by less than ${tol} (relative) ${after}`,
      };
    } else if (this.best !== null && this.badEpochs >= config.patience) {
      this.stopped = this.earlyStop();
    }
    this.report(epoch, loss);
  }

  /** The validation loss at `params`: one pass over the held-out rows, window by window. */
  private validationLoss(params: Float64Array): number {
    const { trainer } = this.setup;
    let sum = 0;
    let count = 0;
    for (let w = 0; w < this.windows; w++) {
      const m = this.load(w, true);
      if (m === 0) continue;
      sum += trainer.value(params, this.features.subarray(0, m * this.width), this.target.subarray(0, m)) * m;
      count += m;
    }
    return sum / count;
  }

  /** fit()'s early-stopping verdict, from passes over the training rows at the initial, last and best params. */
  private earlyStop(): NonNullable<WindowFitState['stopped']> {
    const best = this.best!;
    const atBest = this.training(best.params, best.tally ?? null);
    return earlyStopVerdict({
      epochs: this.epoch,
      patience: this.config.patience,
      start: this.startLoss ?? this.evaluate(this.setup.initialParams).train.loss,
      end: this.training(this.params, this.lastTally).loss,
      recent: this.recent,
      best: { epoch: best.epoch, training: atBest.loss, validation: best.loss },
      learned: atBest.explained,
      advice: '',
    });
  }

  /** What a tally of the training rows stands for (fit()'s), or null when it does not cover them. */
  private tallied(sums: TallySums | null): (Pass & { loss: number }) | null {
    const { model } = this.setup;
    const t = talliedMetrics(sums, model.task, this.trainRows);
    if (t === null) return null;
    const { metrics } = t;
    if ('r2' in metrics) return { ...t, explained: explained(metrics, new Float64Array(0), 1) };
    return { ...t, explained: classExplained(metrics, this.frequencies()) };
  }

  /** The training rows' class frequencies (one pass over the windows' targets, the first time). */
  private frequencies(): Float64Array {
    if (this.classShares === null) {
      const counts = new Float64Array(Math.max(2, this.setup.model.outputs));
      for (let w = 0; w < this.windows; w++) {
        const n = this.load(w);
        for (let i = 0; i < n; i++) counts[this.target[i]!] = counts[this.target[i]!]! + 1;
      }
      this.classShares = Float64Array.from(counts, (c) => c / this.trainRows);
    }
    return this.classShares;
  }

  /** The training rows' loss and metrics: a mini-batch epoch's tally where there is one, else a pass at `params`. */
  private training(params: Float64Array, sums: TallySums | null): Pass {
    return this.tallied(sums) ?? this.evaluate(params).train;
  }

  /** One pass over every window: the loss (penalty excluded) and metrics of the training rows and of the held-out rows. */
  private evaluate(params: Float64Array): { train: Pass; validation: Pass | null } {
    const { model, trainer, loss } = this.setup;
    const sums = [new PassSums(model.outputs), new PassSums(model.outputs)] as const;
    for (let w = 0; w < this.windows; w++) {
      for (const heldOut of this.held === null ? [false] : [false, true]) {
        const n = this.load(w, heldOut);
        if (n === 0) continue;
        const x = this.features.subarray(0, n * this.width);
        const y = this.target.subarray(0, n);
        const s = sums[heldOut ? 1 : 0];
        const outputs = trainer.outputs(params, x);
        s.rows += n;
        s.loss += loss.evaluate(outputs, y) * n;
        if (model.task === 'regression') {
          s.squares += regressionMetrics(outputs, y).mse * n;
          for (let i = 0; i < n; i++) {
            s.sum += y[i]!;
            s.sumSquares += y[i]! * y[i]!;
          }
        } else {
          const m = classificationMetrics(outputs, y, model.outputs);
          s.correct += m.accuracy * n;
          s.logLoss += m.logLoss * n;
          for (let i = 0; i < n; i++) s.counts[y[i]!] = s.counts[y[i]!]! + 1;
        }
      }
    }
    return { train: sums[0].finish(model), validation: this.held === null ? null : sums[1].finish(model) };
  }

  /** Hands the whole state to onCheckpoint, when there is one. */
  saveCheckpoint(): void {
    if (this.options.onCheckpoint !== undefined) this.checkpointNow();
  }

  private checkpointNow(): void {
    const carry = this.carry;
    const between = this.window > 0;
    this.options.onCheckpoint?.({
      format: 'downhill-stream-checkpoint',
      version: 1,
      config: this.config,
      data: this.data,
      epochs: this.epochs,
      epoch: this.epoch,
      window: this.window,
      params: Float64Array.from(this.params),
      optimizerState: structuredClone(this.optimizerState),
      rng: this.rng.getState(),
      epochLossSum: this.epochLossSum,
      epochStart: between ? Float64Array.from(this.epochStart) : null,
      gradSum: between && this.fullBatch ? Float64Array.from(this.gradSum) : null,
      carryFeatures: this.batchX.slice(0, carry * this.width),
      carryTarget: this.batchY.slice(0, carry),
      rowsDone: this.rowsDone,
      previous: this.previous,
      recent: [...this.recent],
      best: this.best === null ? null : { ...this.best, params: Float64Array.from(this.best.params) },
      badEpochs: this.badEpochs,
      stopped: this.stopped,
      tally: this.tally === null ? null : Float64Array.from(this.tally),
      lastTally: this.lastTally === null ? null : Float64Array.from(this.lastTally),
      startLoss: this.startLoss,
    });
    this.lastCheckpoint = now();
  }

  result(): WindowFitResult {
    const trainSeconds = now() - this.started;
    const { setup, config } = this;
    const final = this.best?.params ?? this.params;
    // With mini-batches, fit()'s: the last (or restored) epoch's tally; a pass over the windows only for
    // the held-out rows, full batches, or params that left the finite numbers.
    const sums = !allFinite(final) ? null : this.best !== null ? (this.best.tally ?? null) : this.lastTally;
    const tallied = this.tallied(sums);
    const passed = tallied !== null && this.held === null ? null : this.evaluate(final);
    const train = tallied ?? passed!.train;
    const validation = passed?.validation ?? null;
    let { status, message } = this.stopped ?? {
      status: 'max-iterations' as RunStatus,
      message: `stopped at the epoch limit after ${this.epoch} epoch${this.epoch === 1 ? '' : 's'}: the training loss is ${formatNumber(train.loss, 4)}`,
    };
    if (this.stopped === null && this.best !== null)
      message +=
        this.best.epoch === this.epoch
          ? '; the last epoch was the best on validation'
          : `; restored the params of epoch ${this.best.epoch}, the best on validation`;
    if (status === 'diverged') {
      const lr = setup.method.info.lr;
      if (typeof lr === 'number')
        message += `; lr ${formatNumber(lr, 4)} is too large here — try ${formatNumber(lr / 10, 4)}`;
    }
    const params = Float64Array.from(final);
    return {
      status,
      message,
      config,
      optimizer: setup.method.info,
      params,
      parameters: setup.model.report(params, this.scaling),
      scaling: this.scaling,
      classes: setup.model.task === 'classification' ? this.source.classes : null,
      loss: train.loss,
      epochs: this.epoch,
      metrics: train.metrics,
      validation: validation?.metrics ?? null,
      bestEpoch: this.best?.epoch ?? null,
      window: this.source.window,
      rows: this.source.rows,
      validationRows: this.source.rows - this.trainRows,
      timing: {
        trainSeconds,
        rowsPerSecond: (this.rowsDone - this.rowsAtStart) / Math.max(trainSeconds, 1e-9),
      },
    };
  }
}

/** A checkpoint goes on only over the rows it was trained on, in windows of the same size. */
function checkSameData(saved: WindowData, now: WindowData): void {
  const fail = (what: string): never => {
    throw new InputError((name) => `${name('resume')}: ${what}`, { key: 'resume' });
  };
  if (saved.window !== now.window)
    fail(
      `the checkpoint streamed windows of ${saved.window} rows, this run's are ${now.window} (give the same memory limit and batch size)`,
    );
  if (
    saved.rows !== now.rows ||
    saved.hash !== now.hash ||
    saved.targetName !== now.targetName ||
    saved.featureNames.join('\n') !== now.featureNames.join('\n') ||
    (saved.classes ?? []).join('\n') !== (now.classes ?? []).join('\n')
  )
    fail('the checkpoint was trained on other data (the rows, columns or values differ)');
}
