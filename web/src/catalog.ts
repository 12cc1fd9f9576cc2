// The optimizers and their settings as the page's controls see them, read from the library's catalog.

import { defaultLearningRates, optimizerNames } from '../../src/index.js';

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

const learningRate: Control = {
  key: 'learningRate',
  label: 'learning rate',
  summary: 'the step size η',
  kind: 'number',
  min: 0,
  minExclusive: true,
  scale: 'log',
};

/** Every optimizer, in the catalog's order. */
export const optimizers: readonly OptimizerEntry[] = optimizerNames.map((name) => {
  const lr = defaultLearningRates[name];
  return {
    name,
    summary: name,
    usesLearningRate: lr !== undefined,
    settings: lr === undefined ? [] : [learningRate],
    defaults: lr === undefined ? {} : { learningRate: lr },
  };
});

/** The entry of an optimizer, or undefined for a name the library does not know. */
export const optimizerEntry = (name: string): OptimizerEntry | undefined =>
  optimizers.find((o) => o.name === name);

/** A setting's control by key, or undefined. */
export const controlFor = (key: string): Control | undefined =>
  key === 'learningRate' ? learningRate : undefined;

/** The words a page uses for the setting an InputError names. */
export const labelFor = (key: string): string => controlFor(key)?.label ?? key;
