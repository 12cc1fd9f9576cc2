// downhill's public API: every name a user imports, listed on purpose. Runs unchanged in Node and browsers.

/**
 * The autodiff engine: Float64 tensors, differentiable ops with their backward rules, and grad, valueAndGrad, hessian and hessianVectorProduct (derivatives nest to any order).
 *
 * @example
 * const { grad, sum, square, tensor } = autodiff;
 * const f = (x: autodiff.Tensor) => sum(square(x)); // ‖x‖²
 * grad(f)(tensor([1, 2])).toArray(); // → [2, 4]
 */
export * as autodiff from './autodiff/index.js';
export {
  isSettingKey,
  type OptionsOf,
  optimizerCatalog,
  optimizerNames,
  type SettingKey,
  settingCatalog,
} from './catalog.js';
export { batchOrder, createBatchBuffer, gatherBatch } from './data/batches.js';
export type { BuiltinDataset } from './data/builtin.js';
export type { CsvOptions } from './data/csv-table.js';
export { parseCsvText } from './data/csv-text.js';
export type { Dataset } from './data/dataset.js';
export { datasetGenerators, generateDataset } from './data/generators.js';
export { Random, type RandomState } from './data/random.js';
export { splitValidation } from './data/split.js';
export { fitStandardizer, standardize } from './data/standardize.js';
export { type GradientAdvice, gradientAdvice } from './diagnose/gradient-advice.js';
export { explodingNorm, gradientHealth, type LayerHealth } from './diagnose/gradient-health.js';
export {
  type Analysis,
  type AnalyzeOptions,
  analyze,
  type Convexity,
  convexity,
  curvatureOnDomain,
  type DirectionChange,
  type Directions,
  type DirectionsOptions,
  type DirectionVerdict,
  type DirectionVerdictStatus,
  directions,
  directionVerdict,
  judgeRun,
  localMinima,
  type Minimum,
  symbolicFunction,
  type UnboundedCurvature,
  type Verdict,
} from './diagnose/index.js';
export { InputError, type InputMessage, type InputPlace, type SettingNamer } from './errors.js';
export {
  type CompiledFunction,
  compileExpression,
  differentiabilityAt,
  differentiate,
  type Expression,
  type ExprNode,
  formatExpression,
  formatLatex,
  parseAssignments,
  parseDomain,
  parseExpression,
  parsePoint,
} from './expr/index.js';
/**
 * The fused hot loops that fit runs on: linear and logistic regression gradients (JavaScript or WebAssembly SIMD) and matrix products.
 *
 * @example
 * const grad = new Float64Array(2);
 * // y = 2x + 1 fitted at w = 2, b = 1: every residual is 0, so is the gradient
 * kernels.linearGradient(Float64Array.of(1, 2), Float64Array.of(3, 5), 2, 1, Float64Array.of(2, 1), grad);
 * [...grad]; // → [0, 0]
 */
export * as kernels from './kernels/index.js';
export { startWebThreads, type WebThreads } from './kernels/web-threads.js';
export { bce, ce, createLoss, huber, type Loss, type LossName, mae, mse } from './losses/index.js';
export {
  type CustomModelSpec,
  createModel,
  customModel,
  defaultLoss,
  flattenParams,
  formulaModel,
  isClassifier,
  type LineCost,
  type LineSums,
  linear,
  lineCost,
  lineSums,
  logistic,
  type Model,
  mlp,
  type Params,
  polynomial,
  softmax,
  unflattenParams,
  unstandardizeLinear,
} from './models/index.js';
export { formatNumber } from './numeric/format.js';
export {
  type AdadeltaOptions,
  type AdagradOptions,
  type AdamOptions,
  type AdamwOptions,
  adadelta,
  adagrad,
  adam,
  adamax,
  adamw,
  addDecayedWeights,
  amsgrad,
  applyUpdates,
  armijo,
  type Convention,
  chain,
  checkOptimizerOptions,
  checkSchedule,
  checkSpecOptions,
  clip,
  clipByGlobalNorm,
  constantSchedule,
  cosineDecay,
  cosineWarmRestarts,
  createMethod,
  exponentialDecay,
  firstOrder,
  formatSchedule,
  type GradientTransformation,
  gd,
  givenOptions,
  inverseTimeDecay,
  isOptimizerName,
  type LbfgsOptions,
  type LineSearchName,
  lbfgs,
  linearWarmup,
  lineSearch,
  type Method,
  type MomentumOptions,
  methodFromSpec,
  momentum,
  type NarratedQuantity,
  type NarratedStep,
  type NewtonOptions,
  nadam,
  narrateStep,
  narrateSteps,
  nesterov,
  newton,
  type Objective,
  type OptimizerName,
  type OptimizerOptions,
  type OptimizerRule,
  type OptimizerSettingKey,
  type OptimizerSettingValues,
  type OptimizerSpec,
  oneCycle,
  optimizerSettings,
  polynomialDecay,
  type Rate,
  type RmspropOptions,
  rateAt,
  reduceOnPlateau,
  rmsprop,
  type ScaleByAdamState,
  type Schedule,
  type ScheduleSpec,
  scaleByAdadelta,
  scaleByAdam,
  scaleByAdamax,
  scaleByAmsgrad,
  scaleByLearningRate,
  scaleByNadam,
  scaleByRms,
  scaleByRss,
  scaleByStddev,
  scheduleFields,
  scheduleKinds,
  skipNonFinite,
  stepDecay,
  strongWolfe,
  substituteNumbers,
  trace,
  transformation,
} from './optim/index.js';
export {
  animationFrames,
  animationSchedule,
  type ContourOptions,
  type CostSurfaceOptions,
  type CurveOptions,
  contourFigure,
  contourLevels,
  costSurfaceFigure,
  curveFigure,
  type DecisionMapOptions,
  decisionMapFigure,
  encodeGif,
  encodeGifFrames,
  type Figure,
  type FittedCurveOptions,
  fittedCurveFigure,
  type LossSeries,
  lineFitFigure,
  lossCurvesFigure,
  okabeIto,
  type PathSeries,
  paleAt,
  pathView,
  rgb,
  runColor,
  runSeries,
  type Size,
  type SurfaceOptions,
  surfaceFigure,
  viridisAt,
} from './plot/index.js';
export type { Differentiability, DifferentiabilityKind } from './record/differentiability.js';
export type { MethodInfo } from './record/method-info.js';
export type { RunRecord } from './record/run-record.js';
export type { MinimizeResult, RunPath, RunStatus } from './record/run-result.js';
export type { Standardizer } from './record/standardizer.js';
export { checkSetting, oneOf, rangeText, type SettingSpec, type SettingValue } from './setting.js';
export {
  type CheckpointHeader,
  type DataFingerprint,
  decodeCheckpoint,
  encodeCheckpoint,
  type FitCheckpoint,
} from './train/checkpoint.js';
export { compare } from './train/compare.js';
export { type FindLrOptions, findLr, type LrSweep } from './train/find-lr.js';
export {
  type EpochInfo,
  type FitOptions,
  type FitRun,
  fit,
  fitInterruptibly,
  fitRun,
} from './train/fit.js';
export type { FitConfig, FitSettings } from './train/fit-config.js';
export type { FitHistory } from './train/fit-history.js';
export type { FitResult } from './train/fit-result.js';
export type { FitState } from './train/fit-state.js';
export { type FitStepper, type FitStepperSettings, fitStepper } from './train/fit-stepper.js';
export type { Minimizable } from './train/minimizable.js';
export { type MinimizeOptions, minimize } from './train/minimize.js';
export { type RunSummary, runSummary } from './train/run-summary.js';
export { type TensorFunction, tensorObjective } from './train/tensor-objective.js';
export { ThinnedRecord, type ThinnedState } from './train/thinned-record.js';
export { type TuneOptions, type TuneResult, tuneLearningRate } from './train/tune-lr.js';
