// fit(): trains a model on a dataset by full-batch, mini-batch or stochastic descent, with checkpoints.

import { batchCount, batchOrder, createBatchBuffer, gatherBatch } from '../data/batches.js';
import type { Dataset } from '../data/dataset.js';
import { Random } from '../data/random.js';
import { sampleRows } from '../data/sample-rows.js';
import { standardize } from '../data/standardize.js';
import {
  type BestEpoch,
  earlyStopVerdict,
  epochLimitVerdict,
  explained,
  type FitVerdict,
  networkVerdict,
} from '../diagnose/fit-verdict.js';
import { gradientHealth } from '../diagnose/gradient-health.js';
import { InputError, type SettingNamer } from '../errors.js';
import type { Model } from '../models/model.js';
import { unflattenParams } from '../models/params.js';
import { formatNumber } from '../numeric/format.js';
import { allFinite, norm } from '../numeric/vector.js';
import type { LmState } from '../optim/levenberg-marquardt.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import { checkSetting } from '../setting.js';
import { type DataFingerprint, type FitCheckpoint, fingerprint } from './checkpoint.js';
import {
  checkFitConfig,
  checkResumeSettings,
  type FitConfig,
  type FitSettings,
  sameSetting,
} from './fit-config.js';
import type { FitHistory, FitResult } from './fit-result.js';
import { type FitSetup, prepareFit, resolveFitConfig } from './fit-setup.js';
import { uncertaintyReport } from './fit-uncertainty-report.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';
import { trainSettings } from './settings.js';
import { ThinnedRecord, type ThinnedState } from './thinned-record.js';

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
   * How the result's message names the settings it advises on (default: by key, `try a smaller
   * learningRate`); the command line passes its flag names.
   */
  settingNames?: SettingNamer;
}

const now = (): number => performance.now() / 1000;
/** Rows of the training set (evenly spaced) whose gradient gives the result's gradient health. */
const HEALTH_ROWS = 2048;

// Epochs whose losses are all kept; a longer run keeps an evenly thinned set with the extremes.
const historyOptions = { limit: 5000, tracked: [0, 1] };

/** A checkpoint's history as a thinned record's state; one written before thinning lists every epoch. */
function historyState(history: FitCheckpoint['history']): ThinnedState {
  const n = history.loss.length;
  const rows = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    rows[2 * i] = history.loss[i]!;
    rows[2 * i + 1] = history.validationLoss?.[i] ?? Number.NaN;
  }
  return {
    steps: history.epochs?.map((e) => e - 1) ?? Float64Array.from({ length: n }, (_, i) => i),
    rows,
    stride: history.stride ?? 1,
  };
}

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
 * the training loss at the initial params and the result's `loss`.
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
  const loop = startFit(data, options);
  loop.run();
  return loop.result();
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
  const loop = startFit(data, options);
  const release = loop.bind();
  try {
    while (!loop.advance(now() + 0.05)) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal.aborted) {
        loop.saveCheckpoint();
        throw signal.reason;
      }
    }
  } finally {
    release?.();
  }
  loop.saveCheckpoint();
  return loop.result();
}

function startFit(data: Dataset, options: FitOptions): TrainingLoop {
  const started = now();
  const custom = typeof options.model === 'object' ? options.model : null;
  const { model: given, ...rest } = options;
  const spec = custom?.spec ?? (typeof given === 'string' ? given : undefined);
  const settings: RunSettings = { ...rest, ...(spec !== undefined && { model: spec }) };
  const config = runConfig(data, settings);
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
  return new TrainingLoop(setup, epochs, options, dataFingerprint, started);
}

/** The config of this run: the checkpoint's when resuming (any setting given must agree), else the settings'. */
/** The options with the model as its spec. */
type RunSettings = FitSettings & Omit<FitOptions, 'model'>;

function runConfig(data: Dataset, options: RunSettings): FitConfig {
  const { resume } = options;
  if (resume === undefined) return resolveFitConfig(data, options);
  checkFitConfig(resume.config);
  checkResumeSettings(options, resume.config);
  return resume.config;
}

/** The state of a run between steps, advanced epoch by epoch; it mirrors FitCheckpoint field by field. */
class TrainingLoop {
  private readonly n: number;
  private epoch = 0;
  private batch = 0;
  private readonly order: Uint32Array;
  private epochLossSum = 0;
  private readonly epochStart: Float64Array;
  private readonly params: Float64Array;
  private optimizerState: unknown;
  private readonly rng: Random;
  /** Per epoch, the training loss and the validation loss (NaN without a split), thinned past a limit. */
  private readonly history: ThinnedRecord;
  private best: { epoch: number; loss: number; params: Float64Array } | null = null;
  private badEpochs = 0;
  private stopped: FitVerdict | null = null;
  private startLoss: number | null = null;
  private readonly grad: Float64Array;
  private lastCheckpoint: number;
  private readonly names: SettingNamer;

  constructor(
    private readonly setup: FitSetup,
    private readonly epochs: number,
    private readonly options: FitOptions,
    private readonly dataFingerprint: () => DataFingerprint,
    private readonly started: number,
  ) {
    this.n = setup.train.rows;
    this.order = new Uint32Array(this.n);
    this.grad = new Float64Array(setup.model.layout.size);
    this.history = new ThinnedRecord(2, historyOptions);
    this.lastCheckpoint = started;
    this.names = options.settingNames ?? ((key) => key);
    const resume = options.resume;
    if (resume === undefined) {
      this.params = Float64Array.from(setup.initialParams);
      this.rng = setup.rng;
      this.epochStart = Float64Array.from(this.params);
      setup.objective.x = setup.train.features;
      setup.objective.y = setup.train.target;
      this.optimizerState = setup.method.init(this.params, setup.objective);
      options.onStart?.(this.params);
      return;
    }
    if (resume.params.length !== this.grad.length)
      throw new InputError((name) => `${name('resume')}: the checkpoint holds params of another shape`, {
        key: 'resume',
      });
    this.epoch = resume.epoch;
    this.batch = resume.batch;
    if (resume.order !== null) this.order.set(resume.order);
    this.epochLossSum = resume.epochLossSum;
    this.params = Float64Array.from(resume.params);
    this.epochStart = Float64Array.from(resume.epochStart ?? resume.params);
    this.optimizerState = resume.optimizerState;
    this.rng = Random.fromState(resume.rng);
    this.history = ThinnedRecord.restore(2, historyState(resume.history), historyOptions);
    this.best =
      resume.best === null ? null : { ...resume.best, params: Float64Array.from(resume.best.params) };
    this.badEpochs = resume.badEpochs;
    this.stopped = resume.stopped;
  }

  run(): void {
    const release = this.bind();
    try {
      this.epochLoop(Number.POSITIVE_INFINITY);
    } finally {
      release?.();
    }
    this.saveCheckpoint();
  }

  /** Every full-batch step sees the same rows, so the trainer may bind its fastest kernel to them once. */
  bind(): (() => void) | undefined {
    const { train, batchSize } = this.setup;
    return batchSize >= this.n ? this.setup.trainer.bind?.(train.features, train.target) : undefined;
  }

  /** Steps until the run ends (true) or the clock passes `deadline` (false), between two steps. */
  advance(deadline: number): boolean {
    this.epochLoop(deadline);
    return this.stopped !== null || this.epoch >= this.epochs;
  }

  /** Hands the whole state to onCheckpoint, when there is one. */
  saveCheckpoint(): void {
    if (this.options.onCheckpoint !== undefined) this.checkpoint();
  }

  /** Steps until a stopping rule fires or the epochs are used up. */
  private epochLoop(deadline: number): void {
    const timed = deadline !== Number.POSITIVE_INFINITY;
    const { setup } = this;
    const { objective, method, batchSize, train } = setup;
    const fullBatch = batchSize >= this.n;
    const batches = batchCount(this.n, batchSize);
    const buffer = fullBatch ? null : createBatchBuffer(train, batchSize);
    const interval = this.options.checkpointSeconds ?? 1;
    const params = this.params;
    while (this.stopped === null && this.epoch < this.epochs) {
      if (this.batch === 0) {
        batchOrder(this.n, batchSize, this.rng, this.order);
        this.epochStart.set(params);
        this.epochLossSum = 0;
      }
      let gradNorm = Number.POSITIVE_INFINITY;
      while (this.batch < batches) {
        if (buffer === null) {
          objective.x = train.features;
          objective.y = train.target;
        } else {
          const b = gatherBatch(train, this.order, this.batch, buffer);
          objective.x = b.features;
          objective.y = b.target;
        }
        const value = objective.valueAndGradient(params, this.grad);
        if (!Number.isFinite(value)) {
          this.stop(
            'diverged',
            `the loss left the finite numbers in epoch ${this.epoch + 1}${advice(setup, this.names)}`,
          );
          break;
        }
        if (fullBatch) gradNorm = norm(this.grad);
        const [step, next] = method.step(params, value, this.grad, this.optimizerState, objective);
        this.optimizerState = next;
        for (let j = 0; j < params.length; j++) params[j] = params[j]! + step[j]!;
        this.epochLossSum += value * objective.y.length;
        this.batch++;
        if (
          this.options.onCheckpoint !== undefined &&
          this.batch < batches &&
          now() - this.lastCheckpoint >= interval
        ) {
          this.checkpoint();
        }
        if (timed && this.batch < batches && now() >= deadline) return;
      }
      if (this.stopped !== null) break;
      this.endEpoch(gradNorm);
      if (this.options.onCheckpoint !== undefined && now() - this.lastCheckpoint >= interval)
        this.checkpoint();
      if (timed && now() >= deadline) return;
    }
  }

  private endEpoch(gradNorm: number): void {
    const { setup, params } = this;
    const fullBatch = setup.batchSize >= this.n;
    const tol = setup.config.tol;
    const loss = this.epochLossSum / this.n;
    const previous = this.history.last(0) ?? null;
    const index = this.epoch;
    this.epoch++;
    this.batch = 0;
    let stepNorm = 0;
    for (let j = 0; j < params.length; j++) stepNorm += (params[j]! - this.epochStart[j]!) ** 2;
    stepNorm = Math.sqrt(stepNorm);
    const after = (): string => `after ${this.epoch} epoch${this.epoch === 1 ? '' : 's'}`;

    let validationLoss: number | null = null;
    if (setup.validation !== null) {
      validationLoss = setup.trainer.value(params, setup.validation.features, setup.validation.target);
      if (this.best === null || validationLoss < this.best.loss) {
        this.best = { epoch: this.epoch, loss: validationLoss, params: Float64Array.from(params) };
        this.badEpochs = 0;
      } else {
        this.badEpochs++;
      }
    }
    this.history.push(index, [loss, validationLoss ?? Number.NaN]);
    this.options.onEpoch?.({
      epoch: this.epoch,
      epochs: this.epochs,
      params,
      loss,
      validationLoss,
      seconds: now() - this.started,
    });

    // A method with stopping tests of its own (lm's) decides instead of the tolerance tests here.
    const own = setup.method.finished?.(this.optimizerState) ?? null;
    const tests = setup.method.finished === undefined && tol > 0;
    if (!allFinite(params)) {
      this.stop('diverged', `the params left the finite numbers ${after()}${advice(setup, this.names)}`);
    } else if (own !== null) {
      this.stop(own.status, own.message);
    } else if (tests && gradNorm <= tol) {
      this.stop('converged', `gradient norm fell below ${tol} ${after()}`);
    } else if (tests && stepNorm <= tol) {
      this.stop('converged', `step size fell below ${tol} ${after()}`);
    } else if (
      tests &&
      !fullBatch &&
      previous !== null &&
      Math.abs(loss - previous) <= tol * Math.max(1, Math.abs(loss))
    ) {
      this.stop('converged', `the epoch's mean loss changed by less than ${tol} (relative) ${after()}`);
    } else if (this.best !== null && this.badEpochs >= setup.config.patience) {
      const { patience } = setup.config;
      const best = this.best;
      this.stopped = earlyStopVerdict({
        epochs: this.epoch,
        patience,
        start: this.start(),
        end: this.trainingLoss(params),
        recent: this.lossesSince(this.epoch - patience - 1),
        best: this.bestEpoch(best),
        learned: explained(this.metricsAt(best.params, setup.train), setup.train.target, setup.model.outputs),
        advice: advice(setup, this.names),
        name: this.names,
      });
    }
  }

  /** The recorded training losses of the epochs from index `from` (0-based) on. */
  private lossesSince(from: number): number[] {
    const { steps, rows } = this.history.state();
    const out: number[] = [];
    for (let i = 0; i < steps.length; i++) if (steps[i]! >= from) out.push(rows[2 * i]!);
    return out;
  }

  /** The loss history as a result and a checkpoint carry it: the kept epochs (1-based) and their losses. */
  private historyReport(): FitHistory {
    const { steps, stride } = this.history.state();
    return {
      loss: this.history.column(0),
      validationLoss: this.setup.validation === null ? null : this.history.column(1),
      epochs: steps.map((k) => k + 1),
      stride,
    };
  }

  private stop(status: RunStatus, message: string): void {
    this.stopped = { status, message };
  }

  /** The loss on the whole training set (penalty excluded), as the result's `loss` is. */
  private trainingLoss(params: Float64Array): number {
    const { train, trainer } = this.setup;
    return trainer.value(params, train.features, train.target);
  }

  /** The training loss at the initial params, where every message's story begins. */
  private start(): number {
    this.startLoss ??= this.trainingLoss(this.setup.initialParams);
    return this.startLoss;
  }

  private bestEpoch(best: NonNullable<TrainingLoop['best']>): BestEpoch {
    return { epoch: best.epoch, training: this.trainingLoss(best.params), validation: best.loss };
  }

  private metricsAt(params: Float64Array, set: Dataset): Metrics {
    return this.evaluate(params, set).metrics;
  }

  /**
   * The metrics and the loss (penalty excluded) on `set` from one pass of the model over its rows: on a large
   * set each pass costs about half a training epoch, so the result's loss and metrics share one.
   */
  private evaluate(params: Float64Array, set: Dataset): { metrics: Metrics; loss: number } {
    const { model, trainer, loss } = this.setup;
    const outputs = trainer.outputs(params, set.features);
    const metrics =
      model.task === 'regression'
        ? regressionMetrics(outputs, set.target)
        : classificationMetrics(outputs, set.target, model.outputs);
    return { metrics, loss: loss.evaluate(outputs, set.target) };
  }

  private snapshot(): FitCheckpoint {
    const mid = this.batch > 0;
    return {
      format: 'downhill-fit-checkpoint',
      version: 1,
      config: this.setup.config,
      data: this.dataFingerprint(),
      epochs: this.epochs,
      epoch: this.epoch,
      batch: this.batch,
      order: mid ? Uint32Array.from(this.order) : null,
      epochLossSum: mid ? this.epochLossSum : 0,
      epochStart: mid ? Float64Array.from(this.epochStart) : null,
      params: Float64Array.from(this.params),
      optimizerState: this.optimizerState,
      rng: this.rng.getState(),
      history: this.historyReport(),
      best: this.best === null ? null : { ...this.best, params: Float64Array.from(this.best.params) },
      badEpochs: this.badEpochs,
      stopped: this.stopped,
    };
  }

  private checkpoint(): void {
    this.options.onCheckpoint?.(this.snapshot());
    this.lastCheckpoint = now();
  }

  result(): FitResult {
    const { setup } = this;
    const { model, train, validation, scaling, config } = setup;
    const finalParams = this.best !== null ? this.best.params : this.params;
    const { metrics, loss } = this.evaluate(finalParams, train);
    let health = null;
    const custom = this.setup.custom;
    if (config.model.startsWith('mlp') || custom) {
      // CONTRACT: gradient health is that of the last epoch's params, even when the best are restored. Its
      // verdicts compare layers' norms, which a sample of rows estimates at a small part of an epoch's cost.
      const grad = new Float64Array(this.params.length);
      const sample = sampleRows(train, HEALTH_ROWS);
      setup.objective.x = sample.features;
      setup.objective.y = sample.target;
      setup.objective.valueAndGradient(this.params, grad);
      health = gradientHealth(grad, model.layers);
    }
    const params = Float64Array.from(finalParams);
    const snapshot = (): FitCheckpoint => this.snapshot();
    let final: FitCheckpoint | undefined;
    // A stopping rule's verdict is part of the state; the epoch limit's is not, so a resumed run may go on.
    let stopped =
      this.stopped ??
      epochLimitVerdict({
        limit: this.epochs,
        epochs: this.epoch,
        history: this.history.column(0),
        start: this.start(),
        end: this.best === null ? loss : this.trainingLoss(this.params),
        best:
          this.best === null ? null : { epoch: this.best.epoch, training: loss, validation: this.best.loss },
        advice: advice(setup, this.names),
      });
    if (health !== null && !custom) {
      const learned = explained(metrics, train.target, model.outputs);
      stopped = networkVerdict(stopped, learned, health, config.activation ?? 'relu', this.names);
    }
    // Standard errors belong to formula fits by mse (CONTRACT); at non-finite params there are none.
    const uncertainty =
      config.model === 'formula' && config.loss === 'mse' && allFinite(params)
        ? uncertaintyReport(model, setup.trainer, train, params)
        : null;
    if (uncertainty?.determination && uncertainty.determination.verdict !== 'well-determined') {
      stopped = { ...stopped, message: `${stopped.message}; ${uncertainty.determination.message}` };
    }
    const lmState = config.optimizer === 'lm' ? (this.optimizerState as LmState) : null;
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
      epochs: this.epoch,
      metrics,
      validation: validation === null ? null : this.metricsAt(finalParams, validation),
      bestEpoch: this.best?.epoch ?? null,
      gradientHealth: health,
      standardErrors: uncertainty?.standardErrors ?? null,
      determination: uncertainty?.determination ?? null,
      evaluations,
      history: this.historyReport(),
      timing: { trainSeconds: now() - this.started },
      get checkpoint() {
        final ??= snapshot();
        return final;
      },
      predict: (x) =>
        model.apply(unflattenParams(params, model.layout), scaling === null ? x : standardize(x, scaling)),
    };
  }
}

/** A hint for a run that blew up: a smaller learning rate, when the optimizer has one. */
function advice(setup: FitSetup, name: SettingNamer): string {
  const lr = setup.method.info.lr;
  return typeof lr === 'number'
    ? `; lr ${formatNumber(lr, 4)} is too large here — try ${formatNumber(lr / 10, 4)} or ${name('findLr')}`
    : '';
}
