// SettingSpec: what one setting is — kind, range, default, words — and the one check of a value against it.

import { InputError, type SettingNamer } from './errors.js';

/**
 * A setting's value: settings of kind 'text' whose value is structured (a schedule) hold plain data.
 *
 * @example
 * const value: SettingValue = 0.9;
 * checkSetting(settingCatalog.momentum, value); // → 0.9
 */
export type SettingValue = number | string | boolean;

/**
 * One setting, the only place its facts live: the library validates by it, the command line derives
 * its flag, parsing and help from it, a page derives its control from it.
 *
 * @example
 * const spec: SettingSpec = settingCatalog.momentum;
 * [spec.label, spec.kind, rangeText(spec)]; // → ['momentum', 'number', 'in [0, 1)']
 */
export interface SettingSpec<K extends string = string> {
  readonly key: K;
  /** Plain words for a page control, e.g. 'learning rate'. */
  readonly label: string;
  /** One line. */
  readonly summary: string;
  readonly kind: 'number' | 'integer' | 'boolean' | 'choice' | 'text';
  /** The usual mathematical symbol (η, β₁), for help text and formulas. */
  readonly symbol?: string;
  /** What a value looks like where no symbol says it (`SIZE`, `x=1,y=2`), for help text. */
  readonly placeholder?: string;
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly choices?: readonly string[];
  /** How a control should move through the range: 'log' for rates and tolerances. */
  readonly scale?: 'linear' | 'log';
  /** The value when the setting is left out; optimizers may override it in their spec's defaults. */
  readonly default?: SettingValue;
  /** What the default means where it is no single value ('the whole training set', 'PyTorch's, per optimizer'). */
  readonly defaultText?: string;
}

/**
 * The range of a numeric setting in words: `in [0, 1)`, `above 0`, `a whole number in [1, 1000]`.
 *
 * @example
 * rangeText({ key: 'b1', label: '', summary: '', kind: 'number', min: 0, max: 1, maxExclusive: true }); // → 'in [0, 1)'
 */
export function rangeText(spec: SettingSpec): string {
  const { min, max } = spec;
  const whole = spec.kind === 'integer' ? 'a whole number ' : '';
  if (min !== undefined && max !== undefined) {
    return `${whole}in ${spec.minExclusive ? '(' : '['}${min}, ${max}${spec.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${whole}${spec.minExclusive ? 'above' : 'at least'} ${min}`.trim();
  if (max !== undefined) return `${whole}${spec.maxExclusive ? 'below' : 'at most'} ${max}`.trim();
  return spec.kind === 'integer' ? 'a whole number' : 'a finite number';
}

const valueText = (value: unknown): string =>
  typeof value === 'string'
    ? `"${value}"`
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/**
 * Checks one value against its spec and returns it; a value of the wrong kind or out of range throws
 * an InputError carrying the key, worded `KEY: must be in [0, 1), got 1` (a choice: `KEY: unknown
 * optimizer "sgd" (known: gd, …)`) (each front end names KEY
 * its own way, see InputError.describe). Undefined passes: the setting was left out.
 *
 * @example
 * checkSetting(settingCatalog.b1, 0.9); // → 0.9
 * try {
 *   checkSetting(settingCatalog.b1, 1);
 * } catch (error) {
 *   console.log((error as InputError).message); // b1: must be in [0, 1), got 1
 * }
 */
export function checkSetting<T>(spec: SettingSpec, value: T): T {
  if (value === undefined) return value;
  const fail = (wanted: string): never => {
    throw new InputError(
      (name: SettingNamer) => `${name(spec.key)}: must be ${wanted}, got ${valueText(value)}`,
      {
        key: spec.key,
      },
    );
  };
  switch (spec.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      break;
    case 'choice': {
      const choices = spec.choices ?? [];
      if (typeof value !== 'string' || !choices.includes(value)) {
        throw new InputError(
          (name: SettingNamer) =>
            `${name(spec.key)}: unknown ${spec.label} ${valueText(value)} (known: ${choices.join(', ')})`,
          { key: spec.key },
        );
      }
      break;
    }
    case 'text':
      if (typeof value !== 'string') fail('text');
      break;
    default: {
      const v = value as unknown;
      const ok =
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (spec.kind !== 'integer' || Number.isInteger(v)) &&
        (spec.min === undefined || (spec.minExclusive ? v > spec.min : v >= spec.min)) &&
        (spec.max === undefined || (spec.maxExclusive ? v < spec.max : v <= spec.max));
      if (!ok) fail(rangeText(spec));
    }
  }
  return value;
}

/**
 * `a, b or c`, for messages.
 *
 * @example
 * oneOf(['none', 'armijo', 'strong-wolfe']); // → 'none, armijo or strong-wolfe'
 */
export function oneOf(choices: readonly string[]): string {
  return choices.length <= 1 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}
