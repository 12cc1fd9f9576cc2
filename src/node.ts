// downhill/node: the public API plus what needs Node — files, built-in CSV datasets, worker threads.

export type { CsvFileOptions } from './data/csv-file.js';
export { builtinDatasets, loadBuiltin, loadData, readCsvFile } from './data/index.js';
export { parquetShape, readParquetFile, spillParquet } from './data/parquet-file.js';
export { type SpilledWindows, spillCsv } from './data/spill-file.js';
export * from './index.js';
export { createParallelLinearKernel, createParallelSoftmaxKernel } from './kernels/node.js';
