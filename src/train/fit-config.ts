// FitConfig: every setting that shapes a training run, as plain data a checkpoint carries, checked by key.

import { InputError, type SettingNamer } from '../errors.js';
import type { LossName } from '../losses/loss.js';
import { lossSettings } from '../losses/settings.js';
import { modelSettings } from '../models/settings.js';
import { optimizerCatalog } from '../optim/catalog.js';
import { checkOptimizerOptions } from '../optim/create-method.js';
import type { OptimizerName } from '../optim/optimizer-spec.js';
import { formatSchedule, type ScheduleSpec } from '../optim/schedule-spec.js';
import type { OptimizerOptions, OptimizerSettingKey } from '../optim/settings.js';
import { checkSetting } from '../setting.js';
import { trainSettings } from './settings.js';

/**
 * What a fit was asked to do, defaults filled in. Everything that changes the numbers is here (the
 * epoch total is not: a resumed run may extend it), so a checkpoint can say what it belongs to.
 * Each field is the setting of the same key in settingCatalog.
 *
 * @example
 * const config: FitConfig = fit(await loadBuiltin('line'), { epochs: 10 }).config;
 * config.optimizer; // → 'gd'
 * config.loss; // → 'mse'
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
  readonly optimizer: OptimizerName;
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

/**
 * The settings a caller may leave out, each falling back to its default.
 *
 * @example
 * const settings: FitSettings = { model: 'linear', optimizer: 'adam', optimizerOptions: { learningRate: 0.1 }, seed: 1 };
 * fit(parseCsvText('x,y\n0,1\n1,3\n2,5\n', { target: 'y' }), { ...settings, epochs: 2000 }).parameters; // → { intercept: 1.0, x: 2.0 }
 */
export type FitSettings = { readonly [K in keyof FitConfig]?: FitConfig[K] };

/** The keys of FitConfig that are settings of their own (optimizerOptions holds one setting per option). */
export const configKeys = [
  'model',
  'formula',
  'params',
  'loss',
  'delta',
  'activation',
  'init',
  'l2',
  'optimizer',
  'batchSize',
  'tol',
  'standardize',
  'validation',
  'patience',
  'seed',
] as const satisfies readonly Exclude<keyof FitConfig, 'optimizerOptions'>[];

const specs = { ...trainSettings, ...modelSettings, ...lossSettings };

/**
 * Needs the whole objective in each step (a line search or curvature): full batch only.
 *
 * @example
 * needsFullBatch('lbfgs', {}); // true
 */
export function needsFullBatch(optimizer: OptimizerName, options: OptimizerOptions): boolean {
  return (
    optimizerCatalog[optimizer].fullBatchOnly ||
    (options.lineSearch !== undefined && options.lineSearch !== 'none')
  );
}

/**
 * Checks every setting of a run against its catalog entry, by key — the one check, whether the
 * settings come from a program, the command line or a checkpoint. Bad values throw an InputError
 * carrying the key (`batchSize: must be a whole number in [1, 4294967296], got 0`).
 *
 * @example
 * checkFitConfig({ ...config, batchSize: 0 }); // InputError { key: 'batchSize' }
 */
export function checkFitConfig(config: FitConfig): void {
  checkSetting(specs.model, config.model);
  checkSetting(specs.loss, config.loss);
  checkSetting(specs.delta, config.delta ?? undefined);
  checkSetting(specs.activation, config.activation ?? undefined);
  checkSetting(specs.init, config.init ?? undefined);
  checkSetting(specs.l2, config.l2);
  checkSetting(specs.batchSize, config.batchSize ?? undefined);
  checkSetting(specs.tol, config.tol);
  checkSetting(specs.standardize, config.standardize);
  checkSetting(specs.validation, config.validation);
  checkSetting(specs.patience, config.patience);
  checkSetting(specs.seed, config.seed);
  checkSetting(specs.formula, config.formula ?? undefined);
  if (config.delta !== null && config.loss !== 'huber') {
    throw new InputError(
      (name) =>
        `${name('delta')} is huber's threshold; it applies with ${name('loss')} huber, not ${config.loss}`,
      { key: 'delta' },
    );
  }
  if (config.model === 'formula' && config.formula === null) {
    throw new InputError((name) => `${name('model')} formula needs ${name('formula')}`, { key: 'model' });
  }
  if (config.formula !== null && config.model !== 'formula') {
    throw new InputError(
      (name) => `${name('formula')} makes the model a formula; leave ${name('model')} ${config.model} out`,
      { key: 'formula' },
    );
  }
  if (config.params !== null && config.formula === null) {
    throw new InputError((name) => `${name('params')} gives the starting values of a ${name('formula')}`, {
      key: 'params',
    });
  }
  if (config.formula !== null && config.standardize) {
    throw new InputError(
      (name) =>
        `${name('standardize')} would change what a formula's parameters mean; a formula reads the columns as they are`,
      { key: 'standardize' },
    );
  }
  checkOptimizerOptions(config.optimizer, config.optimizerOptions);
}

/**
 * A value in the words of a message: numbers and names as they are, switches as on and off, a
 * schedule in its short form.
 *
 * @example
 * valueWords({ kind: 'exp', factor: 0.9 }); // 'exp:0.9'
 */
export function valueWords(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'object' && value !== null && 'kind' in value)
    return formatSchedule(value as ScheduleSpec);
  return String(value);
}

/** A canonical text of a value (object keys sorted), to compare a setting with a checkpoint's. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * Whether two values are the same setting (object keys in any order).
 *
 * @example
 * sameSetting({ b2: 0.99, b1: 0.9 }, { b1: 0.9, b2: 0.99 }); // true
 */
export function sameSetting(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Refuses settings given for a resumed run that contradict its checkpoint's config, naming the
 * first such setting by key (each optimizer option by its own key): a front end words it, e.g.
 * `resume: the checkpoint was trained with batchSize 16, not 8`, and the command line in flags.
 *
 * @example
 * checkResumeSettings({ batchSize: 8 }, checkpoint.config); // InputError { key: 'batchSize' }
 */
export function checkResumeSettings(given: FitSettings, stored: FitConfig): void {
  const mismatch = (key: string, was: unknown, now: unknown): never => {
    const before = (name: SettingNamer) =>
      was === undefined || was === null ? `the default ${name(key)}` : `${name(key)} ${valueWords(was)}`;
    throw new InputError(
      (name) => `${name('resume')}: the checkpoint was trained with ${before(name)}, not ${valueWords(now)}`,
      { key },
    );
  };
  for (const key of configKeys) {
    const now = given[key];
    if (now !== undefined && !sameSetting(now, stored[key])) mismatch(key, stored[key], now);
  }
  const options = given.optimizerOptions ?? {};
  for (const key of Object.keys(options) as OptimizerSettingKey[]) {
    const now = options[key];
    const was = stored.optimizerOptions[key];
    if (now !== undefined && !sameSetting(now, was)) mismatch(key, was, now);
  }
}
