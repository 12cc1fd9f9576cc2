// downhill's public API: every name a user imports, listed on purpose.

export { InputError } from './errors.js';
export type { CompiledFunction } from './expr/function.js';
export { chain } from './optim/chain.js';
export { firstOrder } from './optim/first-order.js';
export { gd } from './optim/gd.js';
export type { Method, MethodInfo, Objective } from './optim/method.js';
export { createMethod, type OptimizerOptions, optimizerNames } from './optim/registry.js';
export { scaleByLearningRate } from './optim/scale-by-learning-rate.js';
export { type Rate, rateAt, type Schedule } from './optim/schedule.js';
export { applyUpdates, type GradientTransformation } from './optim/transform.js';
