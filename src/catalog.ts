// The catalog: every optimizer and every setting of minimize() and fit(), the one place their facts live.

import { dataSettings } from './data/settings.js';
import { lossSettings } from './losses/settings.js';
import { modelSettings } from './models/settings.js';
import { optimizerSetting } from './optim/catalog.js';
import { optimizerSettings } from './optim/settings.js';
import type { SettingSpec } from './setting.js';
import { trainSettings } from './train/settings.js';

export { type OptionsOf, optimizerCatalog, optimizerNames } from './optim/catalog.js';

/**
 * Every setting by key, gathered from the parts that use them (optim/settings.ts,
 * train/settings.ts, models/, losses/, data/): its kind, range, default and words. The library
 * validates by it and reports a bad value by its key; the command line derives its flags, parsing
 * and help from it, and a page its controls.
 *
 * @example
 * settingCatalog.b2; // { key: 'b2', label: 'second-moment decay', kind: 'number', min: 0, max: 1, … }
 * settingCatalog.epochs.default; // → 1000
 */
export const settingCatalog = {
  optimizer: optimizerSetting,
  ...optimizerSettings,
  ...trainSettings,
  ...modelSettings,
  ...lossSettings,
  ...dataSettings,
} as const satisfies { readonly [K in string]: SettingSpec<K> };

/**
 * The key of every setting.
 *
 * @example
 * const key: SettingKey = 'learningRate';
 * settingCatalog[key].label; // → 'learning rate'
 */
export type SettingKey = keyof typeof settingCatalog;

/**
 * Whether a text names a setting.
 *
 * @example
 * isSettingKey('b1'); // → true
 */
export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingCatalog, key);
}
