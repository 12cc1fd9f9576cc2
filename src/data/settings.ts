// The data settings: which column is the target, which are the features, and how much memory the data may take.

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
  memory: {
    key: 'memory',
    label: 'memory limit',
    summary:
      'bound the process to SIZE (512MB, 2GB): a CSV or Parquet file larger than fits is read once into a temporary float64 file and streamed a window at a time, each window’s rows shuffled (the window is reported); validation, standardize and checkpoints work as in memory',
    kind: 'text',
    placeholder: 'SIZE',
  },
} as const satisfies { readonly [K in string]: SettingSpec<K> };
