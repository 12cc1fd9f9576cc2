// mlp-epoch: one epoch of an mlp 784-128-10 (relu, ce) on 60,000 rows, batch 128, gd, float64, against PyTorch.

import '../../src/kernels/node.js';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../src/data/dataset.js';
import { setKernelBackend } from '../../src/kernels/wasm-kernels.js';
import { fit as train } from '../../src/train/fit.js';
import type { Bench, BenchRow } from './bench.js';
import { BENCH_DIR, ensurePython, fillSeeded, median, runPython, writeFloatFiles } from './linreg.js';

const ROWS = 60_000;
const COLS = 784;
const CLASSES = 10;
const HIDDEN = 128;
const BATCH = 128;
const LR = 0.01;
const EPOCHS = 4;
const SEED = 20_260_101;
const log = (line: string): void => {
  process.stderr.write(`  mlp-epoch: ${line}\n`);
};

/** MNIST's shape: pixels uniform in [0, 1), and a label per row from the largest of ten seeded linear scores. */
function generate(): Dataset {
  const x = new Float64Array(ROWS * COLS);
  fillSeeded(x, SEED);
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! + 1) / 2;
  const teacher = new Float64Array(CLASSES * COLS);
  fillSeeded(teacher, SEED + 1);
  const y = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < CLASSES; c++) {
      let score = 0;
      for (let j = 0; j < COLS; j++) score += x[i * COLS + j]! * teacher[c * COLS + j]!;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    y[i] = best;
  }
  return {
    name: `generated ${ROWS} × ${COLS}, ${CLASSES} classes`,
    featureNames: Array.from({ length: COLS }, (_, j) => `p${j}`),
    targetName: 'label',
    rows: ROWS,
    features: x,
    target: y,
    classes: Array.from({ length: CLASSES }, (_, c) => String(c)),
  };
}

/**
 * Seconds of each epoch after the first (from one onEpoch to the next: the batches alone), and the seconds
 * fit() spent after its last epoch (final loss, metrics, gradient health, verdict).
 */
function timeFit(
  data: Dataset,
  threads: number | undefined,
): { epochs: number[]; afterLast: number; accuracy: number; params: Float64Array } {
  const marks: number[] = [];
  const result = train(data, {
    ...(threads !== undefined && { threads }),
    model: `mlp:${HIDDEN}`,
    activation: 'relu',
    loss: 'ce',
    optimizer: 'gd',
    optimizerOptions: { learningRate: LR },
    batchSize: BATCH,
    epochs: EPOCHS,
    tol: 0,
    seed: 1,
    onEpoch: () => marks.push(performance.now()),
  });
  const end = performance.now();
  const epochs = marks.slice(1).map((t, i) => (t - marks[i]!) / 1000);
  const accuracy = (result.metrics as { accuracy?: number }).accuracy ?? Number.NaN;
  return { epochs, afterLast: (end - marks[marks.length - 1]!) / 1000, accuracy, params: result.params };
}

/** The one-minute load average now: the machine is shared, so every figure is given beside it. */
const load = (): number => +loadavg()[0]!.toFixed(1);

/** PyTorch's float64 mlp of the same shape, trained as fit() does: shuffled batches, cross-entropy, SGD. */
const TORCH_MLP = `
import json, sys, time
import numpy as np
import torch
rows, cols, classes, hidden, batch, lr, epochs, threads = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
    int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8]))
torch.set_num_threads(threads)
X = torch.from_numpy(np.fromfile(sys.argv[9], dtype='<f8').reshape(rows, cols))
y = torch.from_numpy(np.fromfile(sys.argv[10], dtype='<f8')).long()
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(cols, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes)).double()
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
loss_fn = torch.nn.CrossEntropyLoss()
times = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = torch.randperm(rows)
    for k in range(0, rows, batch):
        idx = order[k:k + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
    times.append(time.perf_counter() - start)
print(json.dumps({'epochs': times[1:], 'version': torch.__version__}))
`;

const spread = (values: readonly number[]): string =>
  `${Math.min(...values).toPrecision(3)}–${Math.max(...values).toPrecision(3)} s over ${values.length}`;

export const bench: Bench = {
  name: 'mlp-epoch',
  async run(): Promise<BenchRow[]> {
    log('generating the data');
    const data = generate();
    const notes: Record<string, number | string> = {
      data: `X ${ROWS} × ${COLS} uniform [0, 1), ${CLASSES} classes from a seeded linear teacher; mlp:${HIDDEN} relu, ce, gd lr ${LR}, batch ${BATCH}, float64`,
      downhill: `median of ${EPOCHS - 1} epochs after the first within one fit(), one thread; downhillThreads: the same fit on every core; downhillAuto: threads left to fit()`,
    };
    const cores = availableParallelism();
    log('timing downhill (WebAssembly SIMD, one thread)');
    notes.loadAtDownhill = load();
    const simd = timeFit(data, 1);
    notes.downhillEpochs = spread(simd.epochs);
    notes.downhillAfterLastEpochSeconds = +simd.afterLast.toPrecision(3);
    notes.downhillAfterLastEpochShare = +(simd.afterLast / median(simd.epochs)).toFixed(2);
    notes.downhillAccuracy = +simd.accuracy.toFixed(3);
    log(`timing downhill (WebAssembly SIMD, ${cores} threads)`);
    notes.loadAtDownhillThreads = load();
    const threaded = timeFit(data, cores);
    notes.downhillThreadsEpochs = spread(threaded.epochs);
    notes.downhillThreadsAfterLastEpochSeconds = +threaded.afterLast.toPrecision(3);
    // The threads split each product by rows or columns of its result, so the run must be the same run.
    notes.downhillThreadsParamsEqual = String(threaded.params.every((v, j) => v === simd.params[j]));
    // fit()'s default: one thread and every core timed against each other on the batches, the faster run.
    log('timing downhill (WebAssembly SIMD, threads left to fit)');
    notes.loadAtDownhillAuto = load();
    const auto = timeFit(data, undefined);
    notes.downhillAutoEpochs = spread(auto.epochs);
    notes.downhillAutoParamsEqual = String(auto.params.every((v, j) => v === simd.params[j]));
    log('timing downhill (TypeScript reference kernels)');
    const before = setKernelBackend('reference');
    try {
      notes.loadAtReference = load();
      const reference = timeFit(data, 1);
      notes.downhillReferenceEpoch = +median(reference.epochs).toPrecision(3);
    } finally {
      setKernelBackend(before);
    }
    const peers: Record<string, number> = {
      downhillThreads: median(threaded.epochs),
      downhillAuto: median(auto.epochs),
    };
    notes.downhillAutoOverBetterFixed = +(
      peers.downhillAuto! / Math.min(median(simd.epochs), peers.downhillThreads!)
    ).toFixed(2);
    const missing = ensurePython(['numpy', 'torch']);
    if (missing === null) {
      const files = { x: join(BENCH_DIR, 'mlp-X.f64'), y: join(BENCH_DIR, 'mlp-y.f64') };
      writeFloatFiles(join(BENCH_DIR, 'mlp.json'), JSON.stringify({ rows: ROWS, cols: COLS, seed: SEED }), [
        { path: files.x, values: data.features },
        { path: files.y, values: data.target },
      ]);
      for (const threads of [1, 2]) {
        log(`timing PyTorch on ${threads} thread${threads === 1 ? '' : 's'}`);
        notes[`loadAtPytorch${threads}`] = load();
        const args = [ROWS, COLS, CLASSES, HIDDEN, BATCH, LR, EPOCHS, threads, files.x, files.y];
        const torch = runPython(TORCH_MLP, args) as { epochs: number[]; version: string };
        const name = threads === 1 ? 'pytorch1Thread' : 'pytorch2Threads';
        peers[name] = median(torch.epochs);
        notes[`${name}Epochs`] = spread(torch.epochs);
        notes.pytorch = `torch ${torch.version}, float64, the epochs after the first (data already in tensors)`;
      }
      const downhill = median(simd.epochs);
      const best = Math.min(peers.pytorch1Thread!, peers.pytorch2Threads!);
      notes.downhillOverPytorch1Thread = +(downhill / peers.pytorch1Thread!).toFixed(2);
      notes.downhillOverPytorchBest = +(downhill / best).toFixed(2);
      notes.downhillThreadsOverPytorchBest = +(peers.downhillThreads! / best).toFixed(2);
      notes.downhillThreadsSpeedup = +(downhill / peers.downhillThreads!).toFixed(2);
    } else {
      notes.peers = missing;
    }
    return [{ name: 'mlp-epoch', downhill: median(simd.epochs), peers, bound: null, notes }];
  },
};
