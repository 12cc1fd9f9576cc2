import '../../src/kernels/node.js';
import { fit as train } from '../../src/train/fit.js';
import { fillSeeded } from './linreg.js';

const ROWS = 60000,
  COLS = 784,
  CLASSES = 10;
const x = new Float64Array(ROWS * COLS);
fillSeeded(x, 1);
for (let i = 0; i < x.length; i++) x[i] = (x[i]! + 1) / 2;
const y = new Float64Array(ROWS);
for (let i = 0; i < ROWS; i++) y[i] = i % CLASSES;
const data = {
  name: 'g',
  featureNames: Array.from({ length: COLS }, (_, j) => `p${j}`),
  targetName: 'label',
  rows: ROWS,
  features: x,
  target: y,
  classes: Array.from({ length: CLASSES }, (_, c) => String(c)),
};
for (let r = 0; r < 2; r++) {
  const marks: number[] = [];
  const t0 = performance.now();
  const result = train(data, {
    model: 'mlp:128',
    activation: 'relu',
    loss: 'ce',
    optimizer: 'gd',
    optimizerOptions: { learningRate: 0.01 },
    batchSize: 128,
    epochs: 2,
    tol: 0,
    seed: 1,
    onEpoch: () => marks.push(performance.now()),
  });
  const end = performance.now();
  const epoch = (marks[1]! - marks[0]!) / 1000;
  console.log(
    `setup+epoch1 ${((marks[0]! - t0) / 1000).toFixed(3)} epoch ${epoch.toFixed(3)} after ${((end - marks[1]!) / 1000).toFixed(3)} share ${((end - marks[1]!) / 1000 / epoch).toFixed(3)} loss ${result.loss} acc ${JSON.stringify(result.metrics)} health ${JSON.stringify(result.gradientHealth)}`,
  );
}
