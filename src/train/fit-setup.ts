// prepareFit: from data and settings to what a training loop needs — split, scaling, model, optimizer.

import { checkDataset } from '../data/check-dataset.js';
import type { Dataset } from '../data/dataset.js';
import { Random } from '../data/random.js';
import { splitValidation } from '../data/split.js';
import { fitStandardizer, standardize } from '../data/standardize.js';
import { InputError } from '../errors.js';
import { createLoss } from '../losses/create-loss.js';
import { l2Penalty } from '../losses/l2.js';
import type { Loss, LossName } from '../losses/loss.js';
import { lossSettings } from '../losses/settings.js';
import { createModel, defaultLoss } from '../models/create-model.js';
import type { Model, Trainer } from '../models/model.js';
import { modelSettings } from '../models/settings.js';
import type { LeastSquares } from '../numeric/least-squares.js';
import { optimizerCatalog, optimizerSetting } from '../optim/catalog.js';
import { createMethod } from '../optim/create-method.js';
import { lm } from '../optim/lm.js';
import type { Method, Objective } from '../optim/method.js';
import type { Standardizer } from '../record/standardizer.js';
import { addTargets, type TallyingLoss, type TallySums, tallyBatch, tallyingLoss } from './epoch-tally.js';
import { checkFitConfig, type FitConfig, type FitSettings, needsFullBatch } from './fit-config.js';
import { trainSettings } from './settings.js';

/** The objective of the batch a step works on: point `x`/`y` at the batch, then hand it to the optimizer. */
export interface BatchObjective extends Objective {
  x: Float64Array;
  y: Float64Array;
  /** The loss of the last valueAndGradient call without its penalty: the model's mean loss on the batch. */
  lastLoss: number;
}

export interface FitSetup {
  readonly config: FitConfig;
  /** The training rows, standardized when asked. */
  readonly train: Dataset;
  readonly validation: Dataset | null;
  readonly scaling: Standardizer | null;
  readonly model: Model;
  readonly loss: Loss;
  /** The trainer's loss as the training steps arm it to tally their batches (EpochTally). */
  readonly tally: TallyingLoss;
  readonly trainer: Trainer;
  readonly method: Method;
  readonly batchSize: number;
  /** The generator after the split and the init: the batch order draws from here on. */
  readonly rng: Random;
  readonly initialParams: Float64Array;
  readonly objective: BatchObjective;
  /** Whether the model is the caller's own Model object rather than a built-in spec. */
  readonly custom: boolean;
}

/**
 * Fills in defaults: the model's loss (mse for regression, bce/ce for classifiers, a custom Model's
 * by its task and outputs) and each setting's catalog default, then checks the whole config by key.
 *
 * @example
 * resolveFitConfig(iris, { model: 'softmax' }).loss; // 'ce'
 */
export function resolveFitConfig(
  data: Dataset,
  settings: FitSettings,
  custom: Model | null = null,
): FitConfig {
  const formula = settings.formula ?? null;
  const model = settings.model ?? (formula === null ? modelSettings.model.default : 'formula');
  const config: FitConfig = {
    model,
    formula,
    params: settings.params ?? null,
    loss: settings.loss ?? defaultLoss(custom ?? model, data.classes),
    delta: settings.delta ?? null,
    activation: settings.activation ?? null,
    init: settings.init ?? null,
    l2: settings.l2 ?? lossSettings.l2.default,
    optimizer: settings.optimizer ?? optimizerSetting.default,
    optimizerOptions: settings.optimizerOptions ?? {},
    batchSize: settings.batchSize ?? null,
    tol: settings.tol ?? trainSettings.tol.default,
    standardize: settings.standardize ?? trainSettings.standardize.default,
    validation: settings.validation ?? trainSettings.validation.default,
    patience: settings.patience ?? trainSettings.patience.default,
    seed: settings.seed ?? trainSettings.seed.default,
  };
  checkFitConfig(config);
  // Patience counts epochs without a better validation loss: without validation rows it would do nothing.
  if (settings.patience !== undefined && config.validation === 0) {
    throw new InputError(
      (name) =>
        `${name('patience')} stops a run whose validation loss has stopped improving; it needs ${name('validation')} above 0`,
      { key: 'patience' },
    );
  }
  return config;
}

/**
 * Splits off the validation rows, standardizes with the training rows' statistics, builds the model,
 * loss, trainer and optimizer, and draws the initial params — all from one generator seeded with
 * `config.seed`, in that order, so the same config and data always start the same run.
 *
 * @example
 * const setup = prepareFit(data, resolveFitConfig(data, { model: 'mlp:8', validation: 0.2 }));
 */
export function prepareFit(data: Dataset, config: FitConfig, custom: Model | null = null): FitSetup {
  checkDataset(data);
  const rng = Random.seeded(config.seed);
  const split =
    config.validation > 0 ? splitValidation(data, config.validation, rng) : { train: data, validation: null };
  const cols = data.featureNames.length;
  const scaling = config.standardize ? fitStandardizer(split.train.features, cols) : null;
  const scaled = (set: Dataset): Dataset =>
    scaling === null ? set : { ...set, features: standardize(set.features, scaling) };
  const train = scaled(split.train);
  const validation = split.validation === null ? null : scaled(split.validation);
  if (custom !== null && custom.inputs !== data.featureNames.length) {
    throw new InputError(
      `model: ${custom.spec} takes ${custom.inputs} input column${custom.inputs === 1 ? '' : 's'}, the data has ${data.featureNames.length} (${data.featureNames.join(', ')})`,
      { key: 'model' },
    );
  }
  const model =
    custom ??
    createModel(config.model, {
      featureNames: data.featureNames,
      classes: data.classes,
      loss: config.loss,
      x: train.features,
      targetName: data.targetName,
      ...(config.formula !== null && { formula: config.formula }),
      ...(config.params !== null && { start: config.params }),
      ...(config.activation !== null && { activation: config.activation }),
      ...(config.init !== null && { init: config.init }),
    });
  const loss = createLoss(config.loss, config.delta === null ? {} : { delta: config.delta });
  const tally = tallyingLoss(loss, model.task, model.outputs);
  const trainer = model.trainer(tally.loss);
  if (custom !== null) checkCustomTarget(custom, config.loss, data);
  // lm's stopping tests are lmder's ftol, xtol and gtol, all at the fit's tol (0: only machine precision);
  // the epochs, one Jacobian each, bound its work.
  const method =
    config.optimizer === 'lm' && Object.keys(config.optimizerOptions).length === 0
      ? lm({
          ftol: config.tol,
          xtol: config.tol,
          gtol: config.tol,
          maxResidualEvaluations: Number.POSITIVE_INFINITY,
        })
      : createMethod(config.optimizer, config.optimizerOptions);
  if (config.optimizer === 'lm' && config.loss !== 'mse') {
    throw new InputError(
      (name) => `${name('optimizer')}: lm fits sums of squares; it takes the mse loss, not ${config.loss}`,
      { key: 'optimizer' },
    );
  }
  const batchSize = Math.min(config.batchSize ?? train.rows, train.rows);
  if (batchSize < train.rows && needsFullBatch(config.optimizer, config.optimizerOptions)) {
    const what = optimizerCatalog[config.optimizer].fullBatchOnly ? '' : ' with a line search';
    throw new InputError(
      (name) =>
        `${name('batchSize')}: ${config.optimizer}${what} needs the whole training set in each step; leave ${name('batchSize')} out`,
      { key: 'batchSize' },
    );
  }
  const initialParams = model.init(() => rng.next());
  return {
    config,
    train,
    validation,
    scaling,
    model,
    loss,
    tally,
    trainer,
    method,
    batchSize,
    rng,
    initialParams,
    objective: batchObjective(trainer, model, config.l2, train),
    custom: custom !== null,
  };
}

/**
 * The objective's value and gradient on the batch it points at, adding the batch to `sums` when given:
 * the loss saw its rows (a trainer that scores through it), or, for a trainer with a fused gradient,
 * they are added here — from the batch's mean loss where the metrics follow from it (mse regression),
 * else from the batch's outputs at the same params. A batch the loss saw in part makes the sums NaN.
 * With `metrics` false only the rows and the loss are wanted (a full-batch run's start loss): a fused
 * trainer's batch is then not run through the model a second time for metric sums nobody reads.
 *
 * @example
 * const sums = emptyTally();
 * scoreBatch(setup, params, grad, sums); // the objective's value; sums hold the batch's rows, loss and metric sums
 */
export function scoreBatch(
  setup: FitSetup,
  params: Float64Array,
  grad: Float64Array,
  sums: TallySums | null,
  metrics = true,
): number {
  const { objective, tally, model, trainer, config } = setup;
  const seen = sums === null ? 0 : sums[0]!;
  tally.arm(sums);
  let value: number;
  try {
    value = objective.valueAndGradient(params, grad);
  } finally {
    tally.arm(null);
  }
  if (sums === null || !Number.isFinite(value)) return value;
  const rows = objective.y.length;
  const got = sums[0]! - seen;
  if (got === rows) return value;
  if (got !== 0) {
    sums[0] = Number.NaN;
    return value;
  }
  const loss = objective.lastLoss;
  if (!metrics) {
    sums[0] = sums[0]! + rows;
    sums[1] = sums[1]! + loss * rows;
  } else if (model.task === 'regression' && config.loss === 'mse') {
    sums[0] = sums[0]! + rows;
    sums[1] = sums[1]! + loss * rows;
    sums[2] = sums[2]! + loss * rows;
    addTargets(sums, objective.y);
  } else {
    tallyBatch(sums, loss, trainer.outputs(params, objective.x), objective.y, model.task, model.outputs);
  }
  return value;
}

/** The loss of the current batch plus the L2 penalty, as the Objective an optimizer steps on. */
function batchObjective(trainer: Trainer, model: Model, l2: number, first: Dataset): BatchObjective {
  const mask = model.weightMask;
  const objective: BatchObjective = {
    dimension: model.layout.size,
    x: first.features,
    y: first.target,
    lastLoss: Number.NaN,
    value: (params) => trainer.value(params, objective.x, objective.y) + l2Penalty(params, mask, l2),
    valueAndGradient(params, grad) {
      const value = trainer.valueAndGradient(params, objective.x, objective.y, grad);
      objective.lastLoss = value;
      return value + l2Penalty(params, mask, l2, grad);
    },
  };
  const leastSquares = trainer.leastSquares?.(first.features, first.target);
  if (leastSquares !== undefined) {
    (objective as { leastSquares?: LeastSquares }).leastSquares =
      l2 === 0 ? leastSquares : penalized(leastSquares, mask, l2);
  }
  const hessian = trainer.hessian;
  if (hessian !== undefined) {
    objective.hessian = (params, out) => {
      hessian(params, objective.x, objective.y, out);
      const n = params.length;
      for (let j = 0; j < n; j++) if (mask[j] === 1) out[j * n + j] = out[j * n + j]! + l2;
    };
  }
  return objective;
}

/**
 * The residuals of a mean-squared loss with its ½λ‖w‖² penalty as one sum of squares: n times the
 * objective is Σrᵢ² + Σ (√(nλ/2)·wⱼ)² over the penalized weights, so those join as residuals.
 */
function penalized(problem: LeastSquares, mask: Uint8Array, l2: number): LeastSquares {
  const m = problem.residualCount;
  const n = problem.dimension;
  const weights = Array.from(mask.keys()).filter((j) => mask[j] === 1);
  const root = Math.sqrt((m * l2) / 2);
  const rows = m + weights.length;
  const inner = new Float64Array(m * n);
  return {
    residualCount: rows,
    dimension: n,
    residuals(x, out) {
      problem.residuals(x, out.subarray(0, m));
      weights.forEach((j, k) => {
        out[m + k] = root * x[j]!;
      });
    },
    jacobian(x, out) {
      problem.jacobian(x, inner);
      out.fill(0);
      for (let j = 0; j < n; j++) out.set(inner.subarray(j * m, (j + 1) * m), j * rows);
      weights.forEach((j, k) => {
        out[m + k + j * rows] = root;
      });
    },
  };
}

/**
 * Refuses a custom model whose outputs do not suit the target: a regression model on labels (mse on
 * class numbers is no classifier), a classifier on numbers, bce on other than one logit and two
 * classes, ce on other than one logit per class.
 */
function checkCustomTarget(model: Model, loss: LossName, data: Dataset): void {
  const name = model.spec;
  const classes = data.classes;
  if (model.task === 'regression') {
    if (classes !== null) {
      throw new InputError(
        `model: ${name} is a regression model, but the target ${data.targetName} holds labels (${listClasses(classes)}); give it task: 'classification' and one logit per row for bce, or one per class for ce`,
        { key: 'model' },
      );
    }
    return;
  }
  if (classes === null) {
    throw new InputError(
      `model: ${name} is a classification model, but the target ${data.targetName} holds numbers, not labels (read it as categorical)`,
      { key: 'model' },
    );
  }
  const outputs = `${model.outputs} output${model.outputs === 1 ? '' : 's'} per row`;
  if (loss === 'bce' && classes.length !== 2) {
    throw new InputError(
      (key) =>
        `${key('loss')} bce needs a target with 2 classes, found ${classes.length} (${listClasses(classes)}); use ce with one logit per class`,
      { key: 'loss' },
    );
  }
  if (loss === 'bce' && model.outputs !== 1) {
    throw new InputError(
      (key) =>
        `model: ${name} gives ${outputs}; ${key('loss')} bce takes one logit per row (use ce for one logit per class)`,
      { key: 'model' },
    );
  }
  if (loss === 'ce' && model.outputs !== classes.length) {
    throw new InputError(
      (key) =>
        `model: ${name} gives ${outputs}; ${key('loss')} ce takes one logit per class, ${classes.length} here (${listClasses(classes)})`,
      { key: 'model' },
    );
  }
}

function listClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 5).join(', ');
  return classes.length > 5 ? `${shown}, …` : shown;
}
