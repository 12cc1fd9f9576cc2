// createMethod: a named optimizer built from its catalog entry — options checked by key, defaults filled in.

import { InputError } from '../errors.js';
import type { MethodInfo } from '../record/method-info.js';
import { checkSetting, type SettingValue } from '../setting.js';
import { isOptimizerName, type OptionsOf, optimizerCatalog, optimizerNames } from './catalog.js';
import { chain } from './chain.js';
import { clip } from './clip.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { tfjsEpsilon } from './convention.js';
import { firstOrder } from './first-order.js';
import { fusedStep } from './fused-step.js';
import type { Method } from './method.js';
import type { OptimizerName, OptimizerSpec } from './optimizer-spec.js';
import { type ReduceOnPlateauState, reduceOnPlateau } from './reduce-on-plateau.js';
import { type Rate, rateAt } from './schedule.js';
import {
  checkSchedule,
  formatSchedule,
  plateauOptions,
  type ScheduleSpec,
  scheduleFactor,
} from './schedule-spec.js';
import {
  type OptimizerOptions,
  type OptimizerSettingKey,
  type OptimizerSettingValues,
  optimizerSettings,
} from './settings.js';
import { type SkipNonFiniteState, skipNonFinite } from './skip-non-finite.js';
import type { GradientTransformation } from './transform.js';

/**
 * The options that were given: set to something other than undefined or false (a switch left off
 * asks for the default, which every optimizer has).
 *
 * @example
 * givenOptions({ learningRate: 0.1, centered: false }); // → ['learningRate']
 */
export function givenOptions(options: OptimizerOptions): OptimizerSettingKey[] {
  return (Object.keys(options) as OptimizerSettingKey[]).filter(
    (key) => options[key] !== undefined && options[key] !== false,
  );
}

/**
 * Checks options against an optimizer's spec, by key: an unknown optimizer (key 'optimizer'), an
 * option it does not take, a value of the wrong kind or out of range. Returns the catalog entry.
 *
 * @example
 * checkOptimizerOptions('adam', { b1: 0.9 }); // fine
 * try {
 *   checkOptimizerOptions('adam', { b1: 1 });
 * } catch (error) {
 *   console.log((error as InputError).key, (error as InputError).message); // b1 b1: must be in [0, 1), got 1
 * }
 */
export function checkOptimizerOptions(name: string, options: OptimizerOptions): OptimizerSpec {
  if (!isOptimizerName(name)) {
    throw new InputError(
      (n) => `${n('optimizer')}: unknown optimizer "${name}" (known: ${optimizerNames.join(', ')})`,
      { key: 'optimizer' },
    );
  }
  const spec: OptimizerSpec = optimizerCatalog[name];
  const taken: readonly string[] = spec.settings;
  for (const key of givenOptions(options)) {
    if (!taken.includes(key)) {
      throw new InputError(
        (n) =>
          `${n(key)} does not apply to ${name} (${spec.settings.length === 0 ? 'it takes no settings' : `it takes ${spec.settings.map(n).join(', ')}`})`,
        { key },
      );
    }
  }
  for (const key of spec.settings) {
    const value = options[key];
    if (key === 'schedule') {
      if (value !== undefined) checkSchedule(options.schedule!);
    } else {
      checkSetting(optimizerSettings[key], value);
    }
  }
  return spec;
}

/**
 * Builds the named optimizer from its catalog entry (optimizerCatalog). Typed by name: a misspelt
 * optimizer or an option it does not take is a compile error; from JavaScript, and for bad values,
 * an InputError carrying the setting's key (`b1: must be in [0, 1), got 1`). Options left out take
 * the optimizer's defaults (PyTorch's), then the setting's; under the tfjs convention eps defaults
 * to tfjs's 1e-7. The Method's info reports the effective values (`{ name: 'adam', lr: 0.001, b1:
 * 0.9, … }`): the learning rate as `lr`, the optimizer's own defaults, and every other setting that
 * differs from its default. Its `learningRate(step, state)` gives the rate a step uses once a
 * schedule or reduce-on-plateau has scaled it.
 *
 * @example
 * const method = createMethod('rmsprop', { learningRate: 0.01, centered: true });
 * method.info; // → { name: 'rmsprop', lr: 0.01, centered: true }
 * const warm = createMethod('adam', { learningRate: 0.1, schedule: { kind: 'warmup', steps: 100, next: { kind: 'cosine', steps: 1000 } } });
 * warm.info.schedule; // → 'warmup:100,cosine:1000'
 * minimize(compileExpression('(x - 1)^2'), { method: warm, maxIterations: 1100 }).point; // → [1.000]
 */
export function createMethod<N extends OptimizerName>(name: N, options?: OptionsOf<N>): Method {
  const given = (options ?? {}) as OptimizerOptions;
  const spec = checkOptimizerOptions(name, given);
  const defaults: Readonly<Partial<Record<OptimizerSettingKey, SettingValue>>> = spec.defaults;
  const resolved: Record<string, unknown> = {};
  const tfjs = (given.convention ?? optimizerSettings.convention.default) === 'tfjs';
  for (const key of spec.settings) {
    const setting = optimizerSettings[key];
    const fallback =
      key === 'eps' && tfjs
        ? tfjsEpsilon
        : (defaults[key] ?? ('default' in setting ? setting.default : undefined));
    const value = given[key] ?? fallback;
    if (value !== undefined) resolved[key] = value;
  }
  if (!spec.usesLearningRate) return spec.method(resolved as never);

  const lr = resolved.learningRate as number;
  const schedule = given.schedule;
  let rate: Rate = lr;
  if (schedule !== undefined && schedule.kind !== 'plateau') {
    const factor = scheduleFactor(schedule);
    rate = (step) => lr * factor(step);
  }
  const transform = spec.transform(rate, resolved as never);
  const info: Record<string, number | string | boolean> = { name, lr };
  for (const key of Object.keys(defaults) as OptimizerSettingKey[]) {
    if (key !== 'learningRate') info[key] = resolved[key] as number | string | boolean;
  }
  for (const key of spec.settings) {
    const value = resolved[key];
    const setting = optimizerSettings[key];
    if (key === 'learningRate' || key in info || value === undefined) continue;
    if ('default' in setting && value === setting.default) continue;
    info[key] =
      key === 'schedule' ? formatSchedule(value as ScheduleSpec) : (value as number | string | boolean);
  }

  const parts: GradientTransformation<unknown>[] = [];
  if (given.clipValue !== undefined) parts.push(clip(given.clipValue));
  if (given.clipNorm !== undefined) parts.push(clipByGlobalNorm(given.clipNorm));
  parts.push(transform);
  const plateau = schedule?.kind === 'plateau';
  if (schedule?.kind === 'plateau') parts.push(reduceOnPlateau(plateauOptions(schedule)));
  let whole: GradientTransformation<unknown> = parts.length === 1 ? transform : chain(...parts);
  if (given.skipNonFinite === true) whole = skipNonFinite(whole);
  const scheduled = (step: number): number => rateAt(rate, step);
  // reduceOnPlateau is the chain's last part, inside skipNonFinite's wrapper when there is one.
  const plateauScale = (state: unknown): number => {
    const states = (
      given.skipNonFinite === true ? (state as SkipNonFiniteState<unknown>).inner : state
    ) as unknown[];
    return (states[states.length - 1] as ReduceOnPlateauState).scale;
  };
  const search = (resolved.lineSearch as OptimizerSettingValues['lineSearch'] | undefined) ?? 'none';
  const method = firstOrder(info as MethodInfo, whole, {
    lineSearch: search,
    learningRate: plateau ? (step, state) => scheduled(step) * plateauScale(state) : scheduled,
  });
  const fused = whole === transform && search === 'none' ? fusedStep(name, rate, resolved as never) : null;
  return fused === null ? method : { ...method, stepInPlace: fused };
}
