// OptimizerSpec: what a named optimizer is — its settings, PyTorch's defaults, and how to build it.

import type { FusedStep } from './fused-step.js';
import type { Method } from './method.js';
import type { OptimizerRule } from './rule.js';
import type { Rate } from './schedule.js';
import type { OptimizerSettingKey, OptimizerSettingValues } from './settings.js';
import type { GradientTransformation } from './transform.js';

/**
 * Every optimizer createMethod builds by name.
 *
 * @example
 * const names: OptimizerName[] = ['gd', 'adam', 'lbfgs'];
 * names.map((name) => optimizerCatalog[name].usesLearningRate); // → [true, true, false]
 * names.map((name) => optimizerCatalog[name].fullBatchOnly); // → [false, false, true]
 */
export type OptimizerName =
  | 'gd'
  | 'momentum'
  | 'nesterov'
  | 'adagrad'
  | 'adadelta'
  | 'rmsprop'
  | 'adam'
  | 'adamax'
  | 'nadam'
  | 'amsgrad'
  | 'adamw'
  | 'newton'
  | 'lbfgs'
  | 'lm';

/** The settings a builder reads, every one filled in (given, else the optimizer's default, else the setting's). */
export type ResolvedSettings<K extends OptimizerSettingKey> = {
  readonly [P in K]: OptimizerSettingValues[P];
};

/** Settings createMethod applies around a first-order rule; the rule's builder never sees them. */
export type WrapperSettingKey =
  | 'learningRate'
  | 'schedule'
  | 'lineSearch'
  | 'clipValue'
  | 'clipNorm'
  | 'skipNonFinite';

interface SpecBase<N extends string, K extends OptimizerSettingKey> {
  readonly name: N;
  /** One line. */
  readonly summary: string;
  /** The settings it takes; createMethod refuses any other. */
  readonly settings: readonly K[];
  /** Its own defaults (PyTorch's documented values): the one place they are written. */
  readonly defaults: Readonly<Partial<Record<K, number | string | boolean>>>;
  /** Its steps need the whole objective (a line search or curvature), so mini-batches are refused. */
  readonly fullBatchOnly: boolean;
  /**
   * Its update rule as data: the rule in LaTeX and its sub-steps in words, each reading its value
   * from the real state (narrateStep). The words live here, beside the rule, so they cannot disagree.
   */
  readonly rule: OptimizerRule;
}

/** A first-order optimizer: a gradient transformation scaled by a learning rate. */
export interface FirstOrderSpec<
  N extends string = string,
  K extends OptimizerSettingKey = OptimizerSettingKey,
> extends SpecBase<N, K> {
  readonly usesLearningRate: true;
  readonly transform: (
    rate: Rate,
    settings: ResolvedSettings<Exclude<K, WrapperSettingKey>>,
  ) => GradientTransformation<unknown>;
  /**
   * The same step done in place by a fused kernel (see FusedStep), used when the transform runs alone
   * (no clipping, plateau or line search); null or absent where there is none.
   */
  readonly fused?: (
    rate: Rate,
    settings: ResolvedSettings<Exclude<K, WrapperSettingKey>>,
  ) => FusedStep | null;
}

/** A method that sizes its own steps (Newton, L-BFGS). */
export interface SecondOrderSpec<
  N extends string = string,
  K extends OptimizerSettingKey = OptimizerSettingKey,
> extends SpecBase<N, K> {
  readonly usesLearningRate: false;
  readonly method: (settings: ResolvedSettings<K>) => Method;
}

/**
 * One entry of optimizerCatalog. Settings and their kinds and ranges are settingCatalog's;
 * `defaults` holds the optimizer's own values, the rest fall back to each setting's `default`.
 *
 * @example
 * const spec: OptimizerSpec = optimizerCatalog.rmsprop;
 * spec.settings.includes('centered'); // → true
 * spec.usesLearningRate; // → true
 */
export type OptimizerSpec<
  N extends string = OptimizerName,
  K extends OptimizerSettingKey = OptimizerSettingKey,
> = FirstOrderSpec<N, K> | SecondOrderSpec<N, K>;

/**
 * Declares an optimizer's spec, keeping its name and settings as literal types so that
 * createMethod can check options by name at compile time.
 *
 * @example
 * export const gdSpec = defineOptimizer({ name: 'gd', settings: ['learningRate', 'weightDecay'], … });
 */
export function defineOptimizer<const N extends OptimizerName, const K extends OptimizerSettingKey>(
  spec: FirstOrderSpec<N, K> | SecondOrderSpec<N, K>,
): typeof spec {
  return spec;
}
