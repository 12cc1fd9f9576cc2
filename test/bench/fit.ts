// fit: seconds per epoch of whole fit() runs — full-batch linear regression against numpy, an mlp with adam against PyTorch — what fit() adds to its full-batch kernels, and what it does after its last epoch.

import '../../src/kernels/node.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../src/data/dataset.js';
import { bce } from '../../src/losses/bce.js';
import { ce } from '../../src/losses/ce.js';
import { mse } from '../../src/losses/mse.js';
import { linear } from '../../src/models/linear.js';
import { logistic } from '../../src/models/logistic.js';
import type { Model, Trainer } from '../../src/models/model.js';
import { softmax } from '../../src/models/softmax.js';
import { type FitOptions, fit as train } from '../../src/train/fit.js';
import type { Bench, BenchRow } from './bench.js';
import {
  BENCH_DIR,
  ensurePython,
  fillSeeded,
  median,
  runPython,
  seconds,
  writeFloatFiles,
} from './linreg.js';

const SEED = 20_250_301;
const log = (line: string): void => {
  process.stderr.write(`  fit: ${line}\n`);
};

/** X uniform in [−1, 1) and y = X·w* + b* + 0.1·noise, or through `shape` for a curved target; from `seed`. */
function generate(rows: number, cols: number, seed: number, shape = (z: number) => z): Dataset {
  const x = new Float64Array(rows * cols);
  fillSeeded(x, seed);
  const truth = new Float64Array(cols + 1);
  fillSeeded(truth, seed + 1);
  const noise = new Float64Array(rows);
  fillSeeded(noise, seed + 2);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = truth[cols]!;
    for (let j = 0; j < cols; j++) z += x[i * cols + j]! * truth[j]!;
    y[i] = shape(z) + 0.1 * noise[i]!;
  }
  return {
    name: `generated ${rows} × ${cols}`,
    featureNames: Array.from({ length: cols }, (_, j) => `x${j + 1}`),
    targetName: 'y',
    rows,
    features: x,
    target: y,
    classes: null,
  };
}

/** The data's files for the Python peer, written once per seed and shape. */
function share(data: Dataset, name: string, seed: number): { x: string; y: string } {
  const files = { x: join(BENCH_DIR, `${name}-X.f64`), y: join(BENCH_DIR, `${name}-y.f64`) };
  writeFloatFiles(
    join(BENCH_DIR, `${name}.json`),
    JSON.stringify({ rows: data.rows, cols: data.featureNames.length, seed }),
    [
      { path: files.x, values: data.features },
      { path: files.y, values: data.target },
    ],
  );
  return files;
}

/** Median seconds per epoch over `runs` whole fit() calls (after one warm-up), the last run's params and steady epoch. */
function timeFit(
  data: Dataset,
  options: FitOptions & { epochs: number },
  runs: number,
): { perEpoch: number; steadyEpoch: number; params: Float64Array } {
  let params: Float64Array = new Float64Array(0);
  const perEpoch: number[] = [];
  const steady: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const marks: number[] = [];
    const start = performance.now();
    const result = train(data, { ...options, onEpoch: () => marks.push(performance.now()) });
    const total = seconds(start);
    params = result.params;
    if (run === 0) continue;
    perEpoch.push(total / options.epochs);
    // From the end of the first epoch to the end of the last: the epochs alone, without setup and results.
    steady.push((marks[marks.length - 1]! - marks[0]!) / 1000 / (marks.length - 1));
  }
  return { perEpoch: median(perEpoch), steadyEpoch: median(steady), params };
}

/** numpy's full-batch gradient descent, the same steps as fit()'s gd on linear: from slopes 1 and intercept 0. */
const NUMPY_GD = `
import json, statistics, sys, time
import numpy as np
rows, cols, epochs, lr, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(sys.argv[6], dtype='<f8').reshape(rows, cols)
y = np.fromfile(sys.argv[7], dtype='<f8')
times = []
for _ in range(runs + 1):
    start = time.perf_counter()
    w, b = np.ones(cols), 0.0
    for _ in range(epochs):
        r = X @ w + b - y
        gw = (2 / rows) * (X.T @ r)
        gb = (2 / rows) * r.sum()
        w = w - lr * gw
        b = b - lr * gb
    times.append((time.perf_counter() - start) / epochs)
print(json.dumps({'seconds': statistics.median(times[1:]), 'params': w.tolist() + [b]}))
`;

/** PyTorch's float64 mlp of the same shape, trained as fit() does: shuffled batches, mse, adam. */
const TORCH_MLP = `
import json, statistics, sys, time
import numpy as np
import torch
rows, cols, epochs, batch, lr, threads = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
    float(sys.argv[5]), int(sys.argv[6]))
torch.set_num_threads(threads)
X = torch.from_numpy(np.fromfile(sys.argv[7], dtype='<f8').reshape(rows, cols))
y = torch.from_numpy(np.fromfile(sys.argv[8], dtype='<f8')).reshape(rows, 1)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(cols, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(),
    torch.nn.Linear(64, 1)).double()
optimizer = torch.optim.Adam(model.parameters(), lr=lr)
loss_fn = torch.nn.MSELoss()
times = []
for epoch in range(epochs + 1):
    start = time.perf_counter()
    order = torch.randperm(rows)
    for k in range(0, rows, batch):
        idx = order[k:k + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    times.append(time.perf_counter() - start)
print(json.dumps({'seconds': statistics.median(times[1:]), 'version': torch.__version__}))
`;

/** Largest |a − b| / (1 + |b|). */
const disagreement = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(b, (bi, i) => Math.abs(a[i]! - bi) / (1 + Math.abs(bi))).reduce((m, d) => Math.max(m, d), 0);

async function linearRow(): Promise<BenchRow> {
  const [rows, cols, epochs, learningRate] = [200_000, 100, 20, 0.1];
  log(`generating ${rows} × ${cols} for fit-linear`);
  const data = generate(rows, cols, SEED);
  const downhill = timeFit(data, { optimizerOptions: { learningRate }, epochs, tol: 0 }, 3);
  const notes: Record<string, number | string> = {
    data: `X ${rows} × ${cols} uniform [−1, 1) from seed ${SEED}; gd, lr ${learningRate}, ${epochs} epochs, full batch`,
    downhill: 'whole fit() ÷ epochs: data checks, kernel copy, final loss and metrics included',
    downhillSteadyEpoch: +downhill.steadyEpoch.toPrecision(3),
  };
  const peers: Record<string, number> = {};
  const missing = ensurePython(['numpy']);
  if (missing === null) {
    log('timing numpy');
    const files = share(data, 'fit-linear', SEED);
    const numpy = runPython(NUMPY_GD, [rows, cols, epochs, learningRate, 3, files.x, files.y]) as {
      seconds: number;
      params: number[];
    };
    peers.numpy = numpy.seconds;
    notes.numpy = 'the 20 epochs alone (X @ w, X.T @ r), data already loaded';
    notes.numpyParamsDisagreement = +disagreement(downhill.params, numpy.params).toExponential(1);
  } else {
    notes.peers = missing;
  }
  return { name: 'fit-linear', downhill: downhill.perEpoch, peers, bound: null, notes };
}

async function mlpRow(): Promise<BenchRow> {
  const [rows, cols, epochs, batchSize, learningRate] = [20_000, 100, 5, 64, 1e-3];
  log(`generating ${rows} × ${cols} for mlp`);
  const data = generate(rows, cols, SEED + 10, Math.tanh);
  const downhill = timeFit(
    data,
    { model: 'mlp:64,64', optimizer: 'adam', optimizerOptions: { learningRate }, batchSize, epochs, tol: 0 },
    1,
  );
  const notes: Record<string, number | string> = {
    data: `X ${rows} × ${cols} uniform [−1, 1), y = tanh(X·w* + b*) + noise; mlp:64,64 relu, mse, adam lr ${learningRate}, batch ${batchSize}`,
    downhill: 'whole fit() ÷ epochs, one thread, float64',
    downhillSteadyEpoch: +downhill.steadyEpoch.toPrecision(3),
  };
  const peers: Record<string, number> = {};
  const missing = ensurePython(['numpy', 'torch']);
  if (missing === null) {
    const files = share(data, 'fit-mlp', SEED + 10);
    // Its default on this machine is one thread (OpenMP's count), so every core is asked for explicitly too.
    for (const threads of new Set([1, availableParallelism()])) {
      log(`timing PyTorch on ${threads} thread${threads === 1 ? '' : 's'}`);
      const args = [rows, cols, 2, batchSize, learningRate, threads, files.x, files.y];
      const torch = runPython(TORCH_MLP, args) as { seconds: number; version: string };
      peers[`pytorch${threads}Thread${threads === 1 ? '' : 's'}`] = torch.seconds;
      notes.pytorch = `torch ${torch.version}, float64, the epochs alone (data already in tensors)`;
    }
  } else {
    notes.peers = missing;
  }
  return { name: 'fit-mlp', downhill: downhill.perEpoch, peers, bound: null, notes };
}

/** The full-batch models whose trainers bind a kernel to the rows, and the gd learning rate each is fitted with. */
const KERNEL_MODELS = [
  { model: 'linear', learningRate: 0.1, make: (cols: number): Model => linear(cols), loss: mse },
  { model: 'logistic', learningRate: 0.5, make: (cols: number): Model => logistic(cols), loss: bce },
  { model: 'softmax', learningRate: 0.5, make: (cols: number): Model => softmax(cols, 3), loss: ce },
] as const;

/** X uniform in [−1, 1) and, from one seeded score x·w*, a numeric target, two classes and three. */
function generateTargets(rows: number, cols: number, seed: number): Record<string, Dataset> {
  const regression = generate(rows, cols, seed);
  const noisy = (y: number, i: number): number => y + 0.5 * Math.sin(i);
  const classes = (labels: string[], cut: (y: number) => number): Dataset => ({
    ...regression,
    target: Float64Array.from(regression.target, (y, i) => cut(noisy(y, i))),
    classes: labels,
  });
  return {
    linear: regression,
    logistic: classes(['0', '1'], (y) => +(y > 0)),
    softmax: classes(['0', '1', '2'], (y) => (y < -1 ? 0 : y < 1 ? 1 : 2)),
  };
}

/**
 * The bound kernel's epochs alone, as fit() drives them (the trainer's bind with fit's default threads, one
 * gradient a step, gd moving the params): the seconds of its set-up and of each gradient.
 */
function timeKernel(
  trainer: Trainer,
  size: number,
  data: Dataset,
  epochs: number,
  learningRate: number,
): { setup: number; times: number[] } {
  const params = new Float64Array(size);
  const grad = new Float64Array(size);
  let start = performance.now();
  const release = trainer.bind!(data.features, data.target);
  const setup = seconds(start);
  const times: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      start = performance.now();
      trainer.valueAndGradient(params, data.features, data.target, grad);
      times.push(seconds(start));
      for (let j = 0; j < size; j++) params[j] = params[j]! - learningRate * grad[j]!;
    }
  } finally {
    release();
  }
  return { setup, times };
}

/**
 * What a user's fit() costs beside its kernel, at `rows` × `cols` full-batch gd for linear, logistic and
 * softmax: whole fit() ÷ epochs, its steady epochs (between onEpoch calls), its first epoch (set-up included)
 * and what follows its last, against the bound kernel's own epoch timed in the same run just before — each
 * the median of `runs` rounds after a warm-up round, the models interleaved within a round.
 */
export async function kernelOverheadRows(
  rows: number,
  cols: number,
  epochs: number,
  runs: number,
): Promise<BenchRow[]> {
  log(`generating ${rows} × ${cols} for fit-over-kernel`);
  const sets = generateTargets(rows, cols, SEED + 30);
  const samples = new Map<string, Record<string, number[]>>();
  for (let round = 0; round <= runs; round++) {
    for (const { model, learningRate, make, loss } of KERNEL_MODELS) {
      const data = sets[model]!;
      const shape = make(cols);
      const kernel = timeKernel(shape.trainer(loss()), shape.layout.size, data, epochs, learningRate);
      const marks: number[] = [];
      const start = performance.now();
      train(data, {
        model,
        optimizer: 'gd',
        optimizerOptions: { learningRate },
        epochs,
        tol: 0,
        onEpoch: () => marks.push(performance.now()),
      });
      const end = performance.now();
      if (round === 0) continue;
      const gaps = marks.slice(1).map((mark, i) => (mark - marks[i]!) / 1000);
      const got = {
        fitPerEpoch: (end - start) / 1000 / epochs,
        steadyEpoch: median(gaps),
        firstEpoch: (marks[0]! - start) / 1000,
        afterLastEpoch: (end - marks[marks.length - 1]!) / 1000,
        kernelEpoch: median(kernel.times.slice(1)),
        kernelFirst: kernel.times[0]!,
        kernelSetup: kernel.setup,
      };
      const kept = samples.get(model) ?? {};
      for (const [key, value] of Object.entries(got)) kept[key] = [...(kept[key] ?? []), value];
      samples.set(model, kept);
    }
  }
  return KERNEL_MODELS.map(({ model, learningRate }) => {
    const kept = samples.get(model)!;
    const at = (key: string): number => median(kept[key]!);
    const ms = (key: string): number => +(at(key) * 1e3).toPrecision(3);
    const spread = (key: string): string =>
      `${(Math.min(...kept[key]!) * 1e3).toFixed(1)}–${(Math.max(...kept[key]!) * 1e3).toFixed(1)} ms`;
    return {
      name: `fit-over-kernel-${model}`,
      downhill: at('fitPerEpoch'),
      peers: {},
      bound: null,
      notes: {
        data: `X ${rows} × ${cols} uniform [−1, 1) from seed ${SEED + 30}; ${model}, gd lr ${learningRate}, ${epochs} epochs, full batch, fit's default threads`,
        downhill: `whole fit() ÷ epochs, median of ${runs} runs after a warm-up (${spread('fitPerEpoch')})`,
        kernelEpochMs: ms('kernelEpoch'),
        kernelEpoch: `the trainer's bound kernel alone, as fit() binds it: the median gradient after the first, in the same round just before the fit (${spread('kernelEpoch')})`,
        kernelFirstMs: ms('kernelFirst'),
        kernelSetupMs: ms('kernelSetup'),
        steadyEpochMs: ms('steadyEpoch'),
        firstEpochMs: ms('firstEpoch'),
        firstEpoch:
          "from the call to the first onEpoch: checks, the kernel's set-up (its copy of the rows, its threads) and the first step",
        afterLastEpochMs: ms('afterLastEpoch'),
        fitOverKernel: +(at('fitPerEpoch') / at('kernelEpoch')).toFixed(2),
        steadyOverKernel: +(at('steadyEpoch') / at('kernelEpoch')).toFixed(2),
      },
    };
  });
}

/** MNIST's shape: pixels uniform in [0, 1) and ten classes from a seeded linear teacher. */
function generateImages(rows: number, cols: number, classes: number, seed: number): Dataset {
  const x = new Float64Array(rows * cols);
  fillSeeded(x, seed);
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! + 1) / 2;
  const teacher = new Float64Array(classes * cols);
  fillSeeded(teacher, seed + 1);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let j = 0; j < cols; j++) score += x[i * cols + j]! * teacher[c * cols + j]!;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    y[i] = best;
  }
  return {
    name: `generated ${rows} × ${cols}, ${classes} classes`,
    featureNames: Array.from({ length: cols }, (_, j) => `p${j}`),
    targetName: 'label',
    rows,
    features: x,
    target: y,
    classes: Array.from({ length: classes }, (_, c) => String(c)),
  };
}

/**
 * The seconds fit() spends after its last epoch (result loss and metrics, gradient health, verdicts) on
 * issue 11's mlp 784-128-10, as a share of one epoch (the target is at most 0.1): from the last onEpoch
 * to the return, against the time between the last two onEpoch calls.
 */
async function afterLastEpochRow(): Promise<BenchRow> {
  const [rows, cols, classes, hidden, batchSize, epochs] = [60_000, 784, 10, 128, 128, 3];
  log(`generating ${rows} × ${cols} for fit-after-last-epoch`);
  const data = generateImages(rows, cols, classes, SEED + 20);
  const shares: number[] = [];
  const after: number[] = [];
  const epochSeconds: number[] = [];
  for (const validation of [0, 0.1]) {
    const marks: number[] = [];
    train(data, {
      model: `mlp:${hidden}`,
      activation: 'relu',
      loss: 'ce',
      optimizer: 'gd',
      optimizerOptions: { learningRate: 0.01 },
      batchSize,
      epochs,
      tol: 0,
      seed: 1,
      validation,
      onEpoch: () => marks.push(performance.now()),
    });
    const end = performance.now();
    const epoch = (marks[marks.length - 1]! - marks[marks.length - 2]!) / 1000;
    const tail = (end - marks[marks.length - 1]!) / 1000;
    epochSeconds.push(epoch);
    after.push(tail);
    shares.push(tail / epoch);
  }
  return {
    name: 'fit-after-last-epoch',
    downhill: after[0]!,
    peers: {},
    bound: null,
    notes: {
      data: `X ${rows} × ${cols} uniform [0, 1), ${classes} classes; mlp:${hidden} relu, ce, gd, batch ${batchSize}, ${epochs} epochs`,
      downhill: 'seconds from the last onEpoch to the return of fit()',
      epochSeconds: +epochSeconds[0]!.toPrecision(3),
      shareOfEpoch: +shares[0]!.toFixed(3),
      withValidation10PercentSeconds: +after[1]!.toPrecision(3),
      withValidation10PercentShareOfEpoch: +shares[1]!.toFixed(3),
      target: 'at most 0.1 of an epoch',
    },
  };
}

export const bench: Bench = {
  name: 'fit',
  async run(): Promise<BenchRow[]> {
    return [
      await linearRow(),
      ...(await kernelOverheadRows(300_000, 100, 20, 3)),
      await mlpRow(),
      await afterLastEpochRow(),
    ];
  },
};
