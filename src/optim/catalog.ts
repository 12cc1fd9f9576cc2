// optimizerCatalog: every named optimizer's spec by name, and the options each one takes as a type.

import type { SettingSpec } from '../setting.js';
import { adadeltaSpec } from './adadelta.js';
import { adagradSpec } from './adagrad.js';
import { adamSpec } from './adam.js';
import { adamaxSpec } from './adamax.js';
import { adamwSpec } from './adamw.js';
import { amsgradSpec } from './amsgrad.js';
import { gdSpec } from './gd.js';
import { lbfgsSpec } from './lbfgs.js';
import { lmSpec } from './lm.js';
import { momentumSpec } from './momentum.js';
import { nadamSpec } from './nadam.js';
import { nesterovSpec } from './nesterov.js';
import { newtonSpec } from './newton.js';
import type { OptimizerName, OptimizerSpec } from './optimizer-spec.js';
import { rmspropSpec } from './rmsprop.js';
import type { OptimizerSettingValues } from './settings.js';

/**
 * Every optimizer createMethod builds, by name, each spec from its own file: what it takes, its
 * defaults, whether it needs full batches, how to build it. Flags, help text, validation and a
 * page's controls are derived from here.
 *
 * @example
 * optimizerCatalog.adam.defaults.b2; // → 0.999
 * optimizerCatalog.lbfgs.fullBatchOnly; // → true
 */
export const optimizerCatalog = {
  gd: gdSpec,
  momentum: momentumSpec,
  nesterov: nesterovSpec,
  adagrad: adagradSpec,
  adadelta: adadeltaSpec,
  rmsprop: rmspropSpec,
  adam: adamSpec,
  adamax: adamaxSpec,
  nadam: nadamSpec,
  amsgrad: amsgradSpec,
  adamw: adamwSpec,
  newton: newtonSpec,
  lbfgs: lbfgsSpec,
  lm: lmSpec,
} as const satisfies { readonly [N in OptimizerName]: OptimizerSpec<N> };

/**
 * Every optimizer name, in the catalog's order.
 *
 * @example
 * optimizerNames.includes('adam'); // → true
 * optimizerNames.length; // → 14
 */
export const optimizerNames = Object.keys(optimizerCatalog) as readonly OptimizerName[];

/** The settings optimizer N takes. */
export type SettingsOf<N extends OptimizerName> = (typeof optimizerCatalog)[N]['settings'][number];

/**
 * The options optimizer N takes, each optional: any other key is a compile error.
 *
 * @example
 * const options: OptionsOf<'adam'> = { learningRate: 0.01, b2: 0.99 };
 * createMethod('adam', options).info; // → { name: 'adam', lr: 0.01, b2: 0.99 }
 */
export type OptionsOf<N extends OptimizerName> = {
  readonly [K in SettingsOf<N>]?: OptimizerSettingValues[K];
};

/**
 * Whether a name (from a flag, a URL, a file) is an optimizer's.
 *
 * @example
 * isOptimizerName('adam'); // → true
 * isOptimizerName('constructor'); // → false
 */
export function isOptimizerName(name: string): name is OptimizerName {
  return Object.hasOwn(optimizerCatalog, name);
}

/** The setting that picks the optimizer. */
export const optimizerSetting = {
  key: 'optimizer',
  label: 'optimizer',
  summary: 'the optimizer; its settings and defaults follow its namesake in torch.optim',
  kind: 'choice',
  choices: optimizerNames,
  default: 'gd',
} as const satisfies SettingSpec<'optimizer'>;
