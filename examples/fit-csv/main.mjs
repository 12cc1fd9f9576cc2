// Fit score = m·hours + c to a CSV file by mini-batch gradient descent, holding out a fifth of the rows.
import { fit } from 'downhill';
import { readCsvFile } from 'downhill/node';

const data = await readCsvFile(new URL('study.csv', import.meta.url).pathname, { target: 'score' });
const run = fit(data, {
  model: 'linear',
  optimizer: 'adam',
  optimizerOptions: { learningRate: 0.05 },
  batchSize: 32,
  epochs: 300,
  standardize: true,
  validation: 0.2,
  seed: 1,
});
console.log(
  `${run.status}: score ≈ ${run.parameters.hours.toFixed(2)}·hours + ${run.parameters.intercept.toFixed(2)}`,
);
console.log(`validation r² ${run.validation.r2.toFixed(3)}`);
