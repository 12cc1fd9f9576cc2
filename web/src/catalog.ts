// The optimizers and their settings as the page's controls see them, read from the library's catalog.

import {
  isSettingKey,
  optimizerCatalog,
  optimizerNames,
  type SettingKey,
  settingCatalog,
} from '../../src/index.js';

/** One control's facts: its label, range, scale and default, as the library states them. */
export interface Control {
  readonly key: string;
  readonly label: string;
  readonly summary: string;
  readonly kind: 'number' | 'integer' | 'boolean' | 'choice' | 'text';
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly scale?: 'linear' | 'log';
  readonly choices?: readonly string[];
}

export interface OptimizerEntry {
  readonly name: string;
  readonly summary: string;
  readonly usesLearningRate: boolean;
  /** The settings the page offers for it (numbers only), the learning rate first. */
  readonly settings: readonly Control[];
  readonly defaults: Readonly<Record<string, number | string | boolean>>;
}

/** Every optimizer, in the catalog's order, with the numeric settings the page offers for it. */
export const optimizers: readonly OptimizerEntry[] = optimizerNames.map((name) => {
  const spec = optimizerCatalog[name];
  const settings = (spec.settings as readonly SettingKey[])
    .map((key) => settingCatalog[key] as Control)
    .filter((control) => control.kind === 'number' || control.kind === 'integer');
  const defaults: Record<string, number | string | boolean> = {};
  for (const control of settings) {
    const own = (spec.defaults as Readonly<Record<string, number | string | boolean | undefined>>)[
      control.key
    ];
    const fallback = (settingCatalog[control.key as SettingKey] as { default?: number | string | boolean })
      .default;
    const value = own ?? fallback;
    if (value !== undefined) defaults[control.key] = value;
  }
  return { name, summary: spec.summary, usesLearningRate: spec.usesLearningRate, settings, defaults };
});

/** The entry of an optimizer, or undefined for a name the library does not know. */
export const optimizerEntry = (name: string): OptimizerEntry | undefined =>
  optimizers.find((o) => o.name === name);

/** A setting's control by key, or undefined. */
export const controlFor = (key: string): Control | undefined =>
  isSettingKey(key) ? (settingCatalog[key] as Control) : undefined;

/** The words a page uses for the setting an InputError names. */
export const labelFor = (key: string): string => controlFor(key)?.label ?? key;
