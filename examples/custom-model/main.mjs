// A network of your own on the autodiff engine: two tanh layers written by hand, trained by fit on xor.
import { autodiff, customModel, fit, generateDataset, Random } from 'downhill';

const { add, matmul, tanh } = autodiff;
const random = Random.seeded(7);
const weights = (rows, cols) =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => random.normal() * 0.7));

const net = customModel({
  name: 'my-net',
  inputs: 2,
  outputs: 1,
  task: 'classification',
  params: { w1: weights(2, 8), b1: [new Array(8).fill(0)], w2: weights(8, 1), b2: [[0]] },
  // x is [rows, 2]; the result is [rows, 1] logits for bce.
  forward: ({ w1, b1, w2, b2 }, x) => add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2),
});

const data = generateDataset('xor', { rows: 400, seed: 3 });
const run = fit(data, {
  model: net,
  loss: 'bce',
  optimizer: 'adam',
  optimizerOptions: { learningRate: 0.05 },
  epochs: 500,
  seed: 1,
});
console.log(`${run.status}: accuracy ${(run.metrics.accuracy * 100).toFixed(1)}%`);
for (const layer of run.gradientHealth ?? []) console.log(`${layer.layer}: ${layer.verdict}`);
