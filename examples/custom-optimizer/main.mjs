// An optimizer of your own: clip the gradient, scale it as Adam does, and set the rate by a warm-up then a cosine decay.
import {
  chain,
  clipByGlobalNorm,
  compileExpression,
  cosineDecay,
  firstOrder,
  linearWarmup,
  minimize,
  scaleByAdam,
  scaleByLearningRate,
} from 'downhill';

const steps = 2000;
const rate = linearWarmup(100, cosineDecay(0.05, steps));
// scaleByLearningRate multiplies by −η(step), turning the scaled gradient into a step downhill.
const transform = chain(
  clipByGlobalNorm(10),
  scaleByAdam({ b1: 0.9, b2: 0.999, eps: 1e-8 }),
  scaleByLearningRate(rate),
);
const method = firstOrder({ name: 'clipped adam, warm-up + cosine', lr: 0.05 }, transform);

const himmelblau = compileExpression('(x^2 + y - 11)^2 + (x + y^2 - 7)^2');
const run = minimize(himmelblau, { start: new Float64Array([0, 0]), method, maxIterations: steps });
console.log(
  `${run.status}: (${run.point[0]?.toFixed(4)}, ${run.point[1]?.toFixed(4)}), f = ${run.value?.toExponential(1)}`,
);
