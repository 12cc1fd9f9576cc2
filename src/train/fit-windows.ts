// fitWindows: training on rows that arrive a window at a time — data larger than memory, streamed from a file.

import type { Dataset } from '../data/dataset.js';
import type { RowWindows } from '../data/row-windows.js';
import { InputError } from '../errors.js';
import type { ReportedParams } from '../models/model.js';
import type { MethodInfo } from '../record/method-info.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import { type FitConfig, type FitSettings, needsFullBatch } from './fit-config.js';
import { prepareFit, resolveFitConfig } from './fit-setup.js';
import { classificationMetrics, regressionMetrics } from './metrics.js';

/** What fitWindows hears as rows go by. */
export interface WindowProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Rows stepped on so far, over every epoch. */
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly seconds: number;
  readonly loss: number;
}

export interface WindowFitOptions extends FitSettings {
  readonly epochs?: number;
  readonly onProgress?: (progress: WindowProgress) => void;
}

/** A streamed run's result: CONTRACT's fit fields, the window its order was shuffled within, and its rate. */
export interface WindowFitResult {
  status: RunStatus;
  message: string;
  config: FitConfig;
  optimizer: MethodInfo;
  params: Float64Array;
  parameters: ReportedParams;
  classes: readonly string[] | null;
  loss: number;
  epochs: number;
  metrics: Metrics;
  /** Rows per window: the row order of each epoch is the source's, shuffled within each window. */
  window: number;
  rows: number;
  timing: { trainSeconds: number; rowsPerSecond: number };
}

/**
 * Trains on `source` a window at a time, holding one window in memory. Each epoch walks the windows
 * in order; with mini-batches each window's rows are shuffled by the seeded generator (Fisher–Yates)
 * and cut into batches, so the window must be a whole number of batches. The generator draws the same
 * numbers as fit() does — the init, then one shuffle per window per epoch — so with one window holding
 * every row the params equal fit()'s bit for bit, and any source with the same rows and window gives
 * the same run. Without a batch size each epoch is one full-batch step whose loss and gradient are
 * summed window by window. Settings that need every row at once (standardize, validation, poly's
 * scaling, line searches, checkpoints) are bad input here. Stops as fit() does on a small step
 * (`tol`), a flat mini-batch loss, or a loss that leaves the finite numbers; the result's loss and
 * metrics come from one more pass.
 *
 * @example
 * const run = fitWindows(windows, { model: 'linear', optimizer: 'adam', batchSize: 256, epochs: 3 });
 * run.parameters; run.window; run.timing.rowsPerSecond;
 */
export function fitWindows(source: RowWindows, options: WindowFitOptions = {}): WindowFitResult {
  const started = performance.now();
  const width = source.featureNames.length;
  const { rows, window } = source;
  const features = new Float64Array(window * width);
  const target = new Float64Array(window);
  const first = source.read(0, features, target);
  const sample: Dataset = {
    name: source.name,
    featureNames: source.featureNames,
    targetName: source.targetName,
    classes: source.classes,
    rows: first,
    features: features.subarray(0, first * width),
    target: target.subarray(0, first),
  };
  const { onProgress, epochs: epochCount, ...settings } = options;
  const config = resolveFitConfig(sample, settings);
  if (config.model.startsWith('poly'))
    throw new InputError(
      'a poly model scales its powers by every row; streamed data takes linear, logistic, softmax or mlp',
    );
  if (config.standardize || config.validation > 0)
    throw new InputError(
      'standardizing and a validation split need every row at once; streamed data takes neither',
    );
  const batch = Math.min(config.batchSize ?? rows, rows);
  const fullBatch = batch >= rows;
  if (!fullBatch && window % batch !== 0)
    throw new InputError(`the window of ${window} rows must be a whole number of batches of ${batch}`);
  if (needsFullBatch(config.optimizer, config.optimizerOptions))
    throw new InputError(
      `${config.optimizer} searches along the whole objective; streamed data takes first-order optimizers`,
    );
  const setup = prepareFit(sample, { ...config, batchSize: null });
  const { objective, method, trainer, model, rng } = setup;
  const epochs = epochCount ?? 1000;
  const windows = Math.ceil(rows / window);
  const params = Float64Array.from(setup.initialParams);
  const grad = new Float64Array(params.length);
  const windowGrad = new Float64Array(params.length);
  const epochStart = new Float64Array(params.length);
  const order = new Uint32Array(window);
  const batchX = new Float64Array(Math.min(batch, window) * width);
  const batchY = new Float64Array(Math.min(batch, window));
  const batchView = (n: number) => ({ x: batchX.subarray(0, n * width), y: batchY.subarray(0, n) });
  objective.x = sample.features;
  objective.y = sample.target;
  let state = method.init(params, objective);
  let status: RunStatus = 'max-iterations';
  let message = `stopped at the epoch limit after ${epochs} epochs`;
  let previous: number | null = null;
  let epoch = 0;
  let rowsDone = 0;
  const load = (index: number): number =>
    index === 0 && windows === 1 ? first : source.read(index, features, target);

  const step = (value: number): boolean => {
    if (!Number.isFinite(value)) return false;
    const [move, next] = method.step(params, value, grad, state, objective);
    state = next;
    for (let j = 0; j < params.length; j++) params[j] = params[j]! + move[j]!;
    return true;
  };

  training: while (epoch < epochs) {
    epochStart.set(params);
    let lossSum = 0;
    if (fullBatch) grad.fill(0);
    for (let w = 0; w < windows; w++) {
      const n = load(w);
      const x = features.subarray(0, n * width);
      const y = target.subarray(0, n);
      if (fullBatch) {
        objective.x = x;
        objective.y = y;
        const value = objective.valueAndGradient(params, windowGrad);
        const share = n / rows;
        for (let j = 0; j < grad.length; j++) grad[j] = grad[j]! + windowGrad[j]! * share;
        lossSum += value * n;
        continue;
      }
      for (let i = 0; i < n; i++) order[i] = i;
      rng.shuffle(order.subarray(0, n));
      for (let from = 0; from < n; from += batch) {
        const size = Math.min(batch, n - from);
        const view = batchView(size);
        for (let i = 0; i < size; i++) {
          const row = order[from + i]!;
          view.x.set(x.subarray(row * width, (row + 1) * width), i * width);
          view.y[i] = y[row]!;
        }
        objective.x = view.x;
        objective.y = view.y;
        const value = objective.valueAndGradient(params, grad);
        if (!step(value)) {
          status = 'diverged';
          message = `the loss left the finite numbers in epoch ${epoch + 1}`;
          break training;
        }
        lossSum += value * size;
        rowsDone += size;
      }
      onProgress?.({
        epoch,
        epochs,
        rowsDone,
        rowsTotal: rows * epochs,
        seconds: seconds(started),
        loss: lossSum / rows,
      });
    }
    if (fullBatch) {
      objective.x = features.subarray(0, 0);
      if (!step(lossSum / rows)) {
        status = 'diverged';
        message = `the loss left the finite numbers in epoch ${epoch + 1}`;
        break;
      }
      rowsDone += rows;
    }
    epoch++;
    const loss = lossSum / rows;
    let moved = 0;
    for (let j = 0; j < params.length; j++) moved += (params[j]! - epochStart[j]!) ** 2;
    const after = `after ${epoch} epoch${epoch === 1 ? '' : 's'}`;
    if (!params.every(Number.isFinite)) {
      status = 'diverged';
      message = `the params left the finite numbers ${after}`;
      break;
    }
    if (config.tol > 0 && Math.sqrt(moved) <= config.tol) {
      status = 'converged';
      message = `step size fell below ${config.tol} ${after}`;
      break;
    }
    if (
      config.tol > 0 &&
      !fullBatch &&
      previous !== null &&
      Math.abs(loss - previous) <= config.tol * Math.max(1, Math.abs(loss))
    ) {
      status = 'converged';
      message = `the epoch's mean loss changed by less than ${config.tol} (relative) ${after}`;
      break;
    }
    previous = loss;
    onProgress?.({ epoch, epochs, rowsDone, rowsTotal: rows * epochs, seconds: seconds(started), loss });
  }
  const trainSeconds = seconds(started);

  // One more pass: the loss and metrics of the final params over every row.
  let loss = 0;
  let squares = 0;
  let sum = 0;
  let sumSquares = 0;
  let correct = 0;
  let logLoss = 0;
  for (let w = 0; w < windows; w++) {
    const n = load(w);
    const x = features.subarray(0, n * width);
    const y = target.subarray(0, n);
    loss += trainer.value(params, x, y) * n;
    const outputs = trainer.outputs(params, x);
    if (model.task === 'regression') {
      const { mse } = regressionMetrics(outputs, y);
      squares += mse * n;
      for (let i = 0; i < n; i++) {
        sum += y[i]!;
        sumSquares += y[i]! * y[i]!;
      }
    } else {
      const m = classificationMetrics(outputs, y, model.outputs);
      correct += m.accuracy * n;
      logLoss += m.logLoss * n;
    }
  }
  const spread = sumSquares - (sum * sum) / rows;
  const metrics: Metrics =
    model.task === 'regression'
      ? { mse: squares / rows, r2: spread > 0 ? 1 - squares / spread : 0 }
      : { accuracy: correct / rows, logLoss: logLoss / rows };
  if (status === 'max-iterations') message += `: the training loss is ${formatLoss(loss / rows)}`;
  return {
    status,
    message,
    config,
    optimizer: method.info,
    params,
    parameters: model.report(params, null),
    classes: model.task === 'classification' ? source.classes : null,
    loss: loss / rows,
    epochs: epoch,
    metrics,
    window,
    rows,
    timing: { trainSeconds, rowsPerSecond: rowsDone / Math.max(trainSeconds, 1e-9) },
  };
}

const seconds = (since: number): number => (performance.now() - since) / 1000;
const formatLoss = (value: number): string => (Number.isFinite(value) ? value.toPrecision(4) : String(value));
