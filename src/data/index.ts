// The DATA part's public names: readers, built-in datasets, the seeded generator, scaling, splits and batches.
// readCsvFile, loadBuiltin and loadData read files (Node); everything else runs in a browser too.

export {
  type Batch,
  type BatchBuffer,
  batchCount,
  batchOrder,
  createBatchBuffer,
  gatherBatch,
} from './batches.js';
export { type BuiltinDataset, type BuiltinOptions, builtinDatasets, loadBuiltin } from './builtin.js';
export { readCsvFile } from './csv-file.js';
export { type CsvOptions, sortLabels, type TargetKind } from './csv-table.js';
export { parseCsvText } from './csv-text.js';
export type { Dataset } from './dataset.js';
export {
  type DatasetGenerator,
  datasetGenerators,
  type GenerateOptions,
  generateDataset,
} from './generators.js';
export { loadData } from './load.js';
export { Random, type RandomState } from './random.js';
export { splitValidation, takeRows } from './split.js';
export { fitStandardizer, standardize } from './standardize.js';
