// FitConfig: every setting that shapes a training run, as plain data a checkpoint carries.

import { InputError } from '../errors.js';
import type { LossName } from '../losses/loss.js';
import type { OptimizerOptions } from '../optim/registry.js';

/**
 * What a fit was asked to do, defaults filled in. Everything that changes the numbers is here (the
 * epoch total is not: a resumed run may extend it), so a checkpoint can say what it belongs to.
 */
export interface FitConfig {
  /** `linear`, `poly:D`, `logistic`, `softmax`, `mlp:H1,H2,…`, or `formula` (with `formula`). */
  readonly model: string;
  /** The typed formula of a `formula` model, e.g. `a*exp(-b*t) + c`; null for the other models. */
  readonly formula: string | null;
  /** Starting values of a formula's parameters by name (the others start at 1); null when none are given. */
  readonly params: Readonly<Record<string, number>> | null;
  readonly loss: LossName;
  /** Huber's δ, or null for the default. */
  readonly delta: number | null;
  /** mlp activation and init, or null for the defaults. */
  readonly activation: string | null;
  readonly init: string | null;
  /** λ of a ½λ‖w‖² penalty on the weights (biases spared); 0 for none. */
  readonly l2: number;
  readonly optimizer: string;
  readonly optimizerOptions: OptimizerOptions;
  /** Rows per step; null for the whole training set (full-batch descent). */
  readonly batchSize: number | null;
  /** Stopping tolerance on an epoch's step, and on the gradient norm (full batch) or the loss change (mini-batch); 0 turns it off. */
  readonly tol: number;
  /** Scale every feature to mean 0, standard deviation 1 on the training rows first. */
  readonly standardize: boolean;
  /** Fraction of rows held out for validation and early stopping; 0 for none. */
  readonly validation: number;
  /** Epochs without a better validation loss before stopping. */
  readonly patience: number;
  /** Seeds the split, the init and the batch order. */
  readonly seed: number;
}

/** The settings a caller may leave out, each falling back to its default. */
export type FitSettings = { readonly [K in keyof FitConfig]?: FitConfig[K] };

/** Defaults: gd, full batch, tol 1e-8, no validation (patience 10 once there is one), seed 0. */
export const fitDefaults = {
  model: 'linear',
  l2: 0,
  optimizer: 'gd',
  batchSize: null,
  tol: 1e-8,
  standardize: false,
  validation: 0,
  patience: 10,
  seed: 0,
} as const;

/** The flag each setting comes from, for messages. */
export const settingFlags: Readonly<Record<keyof FitConfig, string>> = {
  model: '--model',
  formula: '--formula',
  params: '--params',
  loss: '--loss',
  delta: '--delta',
  activation: '--activation',
  init: '--init',
  l2: '--l2',
  optimizer: '--optimizer',
  optimizerOptions: 'the optimizer flags',
  batchSize: '--batch-size',
  tol: '--tol',
  standardize: '--standardize',
  validation: '--validation',
  patience: '--patience',
  seed: '--seed',
};

/**
 * Optimizers whose steps need the whole objective (a line search or curvature): full batch only.
 *
 * @example
 * needsFullBatch('lbfgs', {}); // true
 */
export function needsFullBatch(optimizer: string, options: OptimizerOptions): boolean {
  return (
    optimizer === 'newton' ||
    optimizer === 'lbfgs' ||
    optimizer === 'lm' ||
    (options.lineSearch !== undefined && options.lineSearch !== 'none')
  );
}

/**
 * Checks ranges a person could get wrong through the library as well as through flags.
 *
 * @example
 * checkFitConfig({ ...config, batchSize: 0 }); // InputError: --batch-size …
 */
export function checkFitConfig(config: FitConfig): void {
  const wrong = (key: keyof FitConfig, wanted: string): never => {
    throw new InputError(`${settingFlags[key]} must be ${wanted}, got ${JSON.stringify(config[key])}`);
  };
  if (config.batchSize !== null && !(Number.isInteger(config.batchSize) && config.batchSize >= 1)) {
    wrong('batchSize', 'a whole number ≥ 1');
  }
  if (!(config.tol >= 0 && Number.isFinite(config.tol))) wrong('tol', 'a number ≥ 0');
  if (!(config.l2 >= 0 && Number.isFinite(config.l2))) wrong('l2', 'a number ≥ 0');
  if (!(config.validation >= 0 && config.validation < 1)) wrong('validation', 'a fraction in [0, 1)');
  if (!(Number.isInteger(config.patience) && config.patience >= 1)) wrong('patience', 'a whole number ≥ 1');
  if (!(Number.isSafeInteger(config.seed) && config.seed >= 0)) wrong('seed', 'a whole number ≥ 0');
  if (config.model === 'formula' && config.formula === null) wrong('model', 'given with a formula');
  if (config.formula !== null && config.model !== 'formula') {
    throw new InputError(
      `${settingFlags.formula} makes the model a formula; leave ${settingFlags.model} ${config.model} out`,
    );
  }
  if (config.params !== null && config.formula === null) {
    throw new InputError(
      `${settingFlags.params} gives a formula's starting values; it goes with ${settingFlags.formula}`,
    );
  }
  if (config.formula !== null && config.standardize) {
    throw new InputError(
      `${settingFlags.standardize} would change what a formula's parameters mean; a formula reads the columns as they are`,
    );
  }
  if (config.delta !== null && !(config.delta > 0 && Number.isFinite(config.delta)))
    wrong('delta', 'a positive number');
}

/**
 * A canonical text of a setting's value (object keys sorted), to compare a run with a checkpoint.
 *
 * @example
 * settingText({ b2: 0.99, b1: 0.9 }); // '{"b1":0.9,"b2":0.99}'
 */
export function settingText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${settingText(v)}`).join(',')}}`;
}
