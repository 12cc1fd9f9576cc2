// optim's public names: transforms, named optimizers, schedules, line searches, Newton and L-BFGS.

export { type AdadeltaOptions, adadelta, adadeltaDefaults, adadeltaSpec } from './adadelta.js';
export { type AdagradOptions, adagrad, adagradDefaults, adagradSpec } from './adagrad.js';
export { type AdamOptions, adam, adamDefaults, adamSpec } from './adam.js';
export { adamax, adamaxDefaults, adamaxSpec } from './adamax.js';
export { type AdamwOptions, adamw, adamwDefaults, adamwSpec } from './adamw.js';
export { type AddDecayedWeightsState, addDecayedWeights } from './add-decayed-weights.js';
export { amsgrad, amsgradSpec } from './amsgrad.js';
export { type ArmijoOptions, armijo } from './armijo.js';
export {
  isOptimizerName,
  type OptionsOf,
  optimizerCatalog,
  optimizerNames,
  optimizerSetting,
  type SettingsOf,
} from './catalog.js';
export { chain } from './chain.js';
export { clip } from './clip.js';
export { clipByGlobalNorm } from './clip-by-global-norm.js';
export { type Convention, defaultEps, tfjsEpsilon } from './convention.js';
export { checkOptimizerOptions, createMethod } from './create-method.js';
export { type FirstOrderOptions, firstOrder } from './first-order.js';
export { type GdOptions, gd, gdSpec, sgdDefaults } from './gd.js';
export { type LbfgsOptions, type LbfgsState, lbfgs, lbfgsDefaults, lbfgsSpec } from './lbfgs.js';
export { type LineSearchName, lineSearch, needsSearch } from './line-search.js';
export type { LineSearchResult } from './line-search-result.js';
export type { Method, Objective } from './method.js';
export { checkSpecOptions, givenOptions, methodFromSpec } from './method-from-spec.js';
export {
  type MomentumOptions,
  momentum,
  momentumDefaults,
  momentumSettings,
  momentumSpec,
} from './momentum.js';
export { type NadamOptions, nadam, nadamDefaults, nadamSpec } from './nadam.js';
export {
  type Differentiable,
  type NarratedQuantity,
  type NarratedStep,
  narrateStep,
  narrateSteps,
  substituteNumbers,
} from './narrate.js';
export { nesterov, nesterovSpec } from './nesterov.js';
export { type NewtonOptions, type NewtonState, newton, newtonDefaults, newtonSpec } from './newton.js';
export {
  defineOptimizer,
  type FirstOrderSpec,
  type OptimizerName,
  type OptimizerSpec,
  type ResolvedSettings,
  type SecondOrderSpec,
} from './optimizer-spec.js';
export {
  type ReduceOnPlateauOptions,
  type ReduceOnPlateauState,
  reduceOnPlateau,
} from './reduce-on-plateau.js';
export { reuseLastEvaluation } from './reuse-last-evaluation.js';
export { type RmspropOptions, rmsprop, rmspropDefaults, rmspropSpec } from './rmsprop.js';
export type { OptimizerRule, RuleStep, RuleValue, StepView } from './rule.js';
export {
  type ScaleByAdadeltaOptions,
  type ScaleByAdadeltaState,
  scaleByAdadelta,
} from './scale-by-adadelta.js';
export { type ScaleByAdamOptions, type ScaleByAdamState, scaleByAdam } from './scale-by-adam.js';
export { type ScaleByAdamaxOptions, type ScaleByAdamaxState, scaleByAdamax } from './scale-by-adamax.js';
export { type ScaleByAmsgradState, scaleByAmsgrad } from './scale-by-amsgrad.js';
export { type ScaleByLearningRateState, scaleByLearningRate } from './scale-by-learning-rate.js';
export { type ScaleByNadamOptions, type ScaleByNadamState, scaleByNadam } from './scale-by-nadam.js';
export { type ScaleByRmsOptions, type ScaleByRmsState, scaleByRms } from './scale-by-rms.js';
export { type ScaleByRssOptions, type ScaleByRssState, scaleByRss } from './scale-by-rss.js';
export { type ScaleByStddevState, scaleByStddev } from './scale-by-stddev.js';
export { type Rate, rateAt, type Schedule } from './schedule.js';
export {
  checkSchedule,
  formatSchedule,
  plateauOptions,
  type ScheduleSpec,
  scheduleFactor,
  scheduleFields,
  scheduleKinds,
} from './schedule-spec.js';
export {
  constantSchedule,
  cosineDecay,
  cosineWarmRestarts,
  exponentialDecay,
  inverseTimeDecay,
  linearWarmup,
  type OneCycleOptions,
  oneCycle,
  polynomialDecay,
  stepDecay,
} from './schedules.js';
export {
  firstOrderSettings,
  type OptimizerOptions,
  type OptimizerSettingKey,
  type OptimizerSettingValues,
  optimizerSettings,
} from './settings.js';
export { type SkipNonFiniteState, skipNonFinite } from './skip-non-finite.js';
export { type StrongWolfeOptions, strongWolfe } from './strong-wolfe.js';
export { type TraceOptions, type TraceState, trace } from './trace.js';
export { applyUpdates, type GradientTransformation, transformation } from './transform.js';
