// The optimizer flags every training command shares (CONTRACT "Optimizers"), from the catalog.

import {
  InputError,
  isOptimizerName,
  type OptimizerName,
  type OptimizerOptions,
  type OptimizerSettingKey,
  optimizerNames,
  optimizerSettings,
  type SettingKey,
} from '../index.js';
import type { FlagValues } from './args.js';
import { type Flag, flagHelp, readSettings } from './flags.js';
import { nearestName } from './nearest.js';

/** Every optimizer setting, in the catalog's order. */
export const optimizerKeys = Object.keys(optimizerSettings) as OptimizerSettingKey[];

/** The optimizer's flags: --optimizer, then one per setting. */
export const optimizerFlags: readonly Flag[] = ['optimizer', ...optimizerKeys];

export const optimizerFlagHelp = `Optimizer flags (rules and defaults follow PyTorch's torch.optim; a flag the chosen optimizer
does not take is bad input):
${flagHelp(optimizerFlags)}`;

/**
 * The optimizer and its options as the flags give them, each read by its kind and range-checked;
 * whether they apply to the optimizer is createMethod's to check. `skip` leaves settings to the
 * caller (compare reads --lr and --optimizer as lists).
 */
export function readOptimizerFlags(
  values: FlagValues,
  skip: readonly SettingKey[] = [],
): { optimizer?: OptimizerName; options: OptimizerOptions } {
  const keys = (['optimizer', ...optimizerKeys] as SettingKey[]).filter((key) => !skip.includes(key));
  const { optimizer, ...options } = readSettings(values, keys) as {
    optimizer?: OptimizerName;
  } & OptimizerOptions;
  return { ...(optimizer !== undefined && { optimizer }), options };
}

/** The optimizers minimize and compare run: all but lm, which fits a model's sums of squares (fit). */
const runOptimizerNames = optimizerNames.filter((name) => name !== 'lm');

/**
 * Checks an --optimizer name for minimize or compare, which run on a typed function: an unknown name
 * is told the nearest one and the names these commands take; lm is told it belongs to fit.
 */
export function checkRunOptimizer(name: string): void {
  if (name === 'lm') {
    throw new InputError(
      `--optimizer: lm fits a model's sums of squares to data — use it with downhill fit; this command takes ${runOptimizerNames.join(', ')}`,
    );
  }
  if (isOptimizerName(name)) return;
  const near = nearestName(name, runOptimizerNames);
  throw new InputError(
    `--optimizer: unknown optimizer "${name.slice(0, 40)}"${near === undefined ? '' : ` — did you mean ${near}?`} (known: ${runOptimizerNames.join(', ')})`,
  );
}
