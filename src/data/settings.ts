// The data settings: which column is the target and which are the features.

import type { SettingSpec } from '../setting.js';

export const dataSettings = {
  target: {
    key: 'target',
    label: 'target column',
    summary: 'the column to predict',
    kind: 'text',
    defaultText: 'the last column',
  },
  features: {
    key: 'features',
    label: 'feature columns',
    summary: 'the feature columns, comma-separated',
    kind: 'text',
    defaultText: 'every other column',
  },
} as const satisfies { readonly [K in string]: SettingSpec<K> };
