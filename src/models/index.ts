// The models: linear, polynomial, logistic, softmax and mlp over plain named params.

export { type Activation, type ActivationName, activation, activationNames } from './activation.js';
export { type LinearParams, unstandardizeLinear } from './affine.js';
export { createModel, defaultLoss, isClassifier, type ModelContext } from './create-model.js';
export { type CustomModelSpec, customModel } from './custom.js';
export { type FormulaNames, type FormulaOptions, formulaModel, formulaNames } from './formula.js';
export { fillNormal, type InitScheme, initStd, parseInit } from './init.js';
export { type LineCost, type LineSums, lineCost, lineSums } from './line-sums.js';
export { type LinearOptions, linear } from './linear.js';
export { type LogisticOptions, logistic } from './logistic.js';
export { type MlpOptions, mlp } from './mlp.js';
export type { LayerSlice, Model, ReportedParams, Task, Trainer } from './model.js';
export { denseNetwork, type NetworkOptions } from './network.js';
export {
  flattenParams,
  type NestedArray,
  nestArray,
  type ParamEntry,
  type ParamLayout,
  type Params,
  paramLayout,
  unflattenParams,
} from './params.js';
export { type PolynomialOptions, polynomial } from './polynomial.js';
export { modelSettings, modelSpecs } from './settings.js';
export { softmax } from './softmax.js';
