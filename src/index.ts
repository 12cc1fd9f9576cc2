// downhill's public API: every name a user imports, listed on purpose. Runs unchanged in Node and browsers.

export * as autodiff from './autodiff/index.js';
export { batchOrder, createBatchBuffer, gatherBatch } from './data/batches.js';
export type { BuiltinDataset } from './data/builtin.js';
export type { CsvOptions } from './data/csv-table.js';
export { parseCsvText } from './data/csv-text.js';
export type { Dataset } from './data/dataset.js';
export { datasetGenerators, generateDataset } from './data/generators.js';
export { Random, type RandomState } from './data/random.js';
export { splitValidation } from './data/split.js';
export { fitStandardizer, standardize, unstandardizeLinear } from './data/standardize.js';
export {
  type Analysis,
  type AnalyzeOptions,
  analyze,
  convexity,
  curvatureOnDomain,
  localMinima,
  symbolicFunction,
} from './diagnose/index.js';
export { InputError } from './errors.js';
export {
  type CompiledFunction,
  compileExpression,
  differentiate,
  type Expression,
  type ExprNode,
  formatExpression,
  formatLatex,
  parseDomain,
  parseExpression,
  parsePoint,
} from './expr/index.js';
export * as kernels from './kernels/index.js';
export { bce, ce, createLoss, huber, type Loss, type LossName, mae, mse } from './losses/index.js';
export {
  createModel,
  defaultLoss,
  flattenParams,
  isClassifier,
  linear,
  logistic,
  type Model,
  mlp,
  type Params,
  polynomial,
  softmax,
  unflattenParams,
} from './models/index.js';
export * from './optim/index.js';
export * from './plot/index.js';
export { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from './train/checkpoint.js';
export { compare } from './train/compare.js';
export { type FindLrOptions, findLr, type LrSweep } from './train/find-lr.js';
export { type EpochInfo, type FitOptions, fit } from './train/fit.js';
export type { FitResult } from './train/fit-result.js';
export { type Minimizable, type MinimizeOptions, minimize } from './train/minimize.js';
export type { MinimizeResult, RunPath, RunStatus } from './train/run-result.js';
export { type RunSummary, runSummary } from './train/run-summary.js';
export { judgeRun, type RunRecord, type Verdict } from './train/run-verdict.js';
