// The losses: pure (pred, target) functions giving the mean loss and its gradient.

export { bce, binaryCrossEntropy } from './bce.js';
export { ce } from './ce.js';
export { createLoss } from './create-loss.js';
export { type HuberOptions, huber } from './huber.js';
export { l2Penalty } from './l2.js';
export { type Loss, type LossName, type LossTarget, lossNames, lossValueAndGrad } from './loss.js';
export { mae } from './mae.js';
export { mse } from './mse.js';
