// methodFromSpec: an optimizer built from its own spec — options checked by key, defaults filled in.

import { InputError } from '../errors.js';
import type { MethodInfo } from '../record/method-info.js';
import { checkSetting, type SettingValue } from '../setting.js';
import { chain } from './chain.js';
import { clip } from './clip.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { tfjsEpsilon } from './convention.js';
import { firstOrder } from './first-order.js';
import type { Method } from './method.js';
import type { OptimizerSpec } from './optimizer-spec.js';
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
 * Checks options against an optimizer's spec, by key: an option it does not take, a value of the
 * wrong kind or out of range (an InputError carrying the setting's key).
 *
 * @example
 * checkSpecOptions(optimizerCatalog.adam, { b1: 0.9 }); // fine
 * try {
 *   checkSpecOptions(optimizerCatalog.gd, { b1: 0.9 });
 * } catch (error) {
 *   console.log((error as InputError).key); // b1
 * }
 */
export function checkSpecOptions(spec: OptimizerSpec, options: OptimizerOptions): void {
  const taken: readonly string[] = spec.settings;
  for (const key of givenOptions(options)) {
    if (!taken.includes(key)) {
      throw new InputError(
        (n) =>
          `${n(key)} does not apply to ${spec.name} (${spec.settings.length === 0 ? 'it takes no settings' : `it takes ${spec.settings.map(n).join(', ')}`})`,
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
}

/**
 * Builds an optimizer from its spec, as createMethod does from a name, without the catalog of
 * every other optimizer (so a bundle that needs one optimizer carries one: minimize's default is
 * gd's spec, imported from its own file). Options are checked and resolved exactly as createMethod's.
 *
 * @example
 * methodFromSpec(optimizerCatalog.gd).info; // → { name: 'gd', lr: 0.001 }
 * methodFromSpec(optimizerCatalog.adam, { learningRate: 0.01 }).info; // → { name: 'adam', lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8 }
 */
export function methodFromSpec(spec: OptimizerSpec, given: OptimizerOptions = {}): Method {
  checkSpecOptions(spec, given);
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
  const info: Record<string, number | string | boolean> = { name: spec.name, lr };
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
  const fused =
    whole === transform && search === 'none' ? (spec.fused?.(rate, resolved as never) ?? null) : null;
  return fused === null ? method : { ...method, stepInPlace: fused };
}
