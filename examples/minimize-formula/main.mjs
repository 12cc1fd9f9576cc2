// Minimize a function typed as text, then race three optimizers on Rosenbrock's banana valley.
import { compileExpression, createMethod, minimize } from 'downhill';

// Seed 002's function from x = 9: each gd step multiplies x − 2 by 1 − 2·lr.
const f = compileExpression('x^2 - 4*x + 1');
for (const lr of [0.1, 1.0]) {
  const run = minimize(f, { start: new Float64Array([9]), method: createMethod('gd', { learningRate: lr }) });
  console.log(`lr ${lr}: ${run.status} at x = ${run.point[0]?.toFixed(6)} — ${run.message}`);
}

const rosenbrock = compileExpression('(1 - x)^2 + 100*(y - x^2)^2');
for (const name of ['adam', 'lbfgs', 'newton']) {
  const method = name === 'adam' ? createMethod('adam', { learningRate: 0.02 }) : createMethod(name);
  const run = minimize(rosenbrock, { start: new Float64Array([-1.2, 1]), method, maxIterations: 5000 });
  console.log(`${name}: ${run.status} after ${run.iterations} steps, f = ${run.value?.toExponential(2)}`);
}
