// logistic-epoch and softmax-epoch: one full-batch gradient of logistic and softmax regression on 1,000,000 × 100 float64, against numpy.

import { join } from 'node:path';
import '../../src/kernels/node.js';
import { bce } from '../../src/losses/bce.js';
import { ce } from '../../src/losses/ce.js';
import { logistic } from '../../src/models/logistic.js';
import type { Trainer } from '../../src/models/model.js';
import { softmax } from '../../src/models/softmax.js';
import { boundOf, measureBandwidth, measurePeakMadds, probeSize } from './bandwidth.js';
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

const ROWS = 1_000_000;
const COLS = 100;
const CLASSES = 3;
const SEED = 20_260_201;
const log = (line: string): void => {
  process.stderr.write(`  classify: ${line}\n`);
};

/**
 * One full-batch gradient per call through the trainer's bound kernel on `threads` threads, as fit() drives it
 * with that `threads` option; the seconds of each of `runs` calls after one warm-up call.
 */
function time(
  trainer: Trainer,
  x: Float64Array,
  y: Float64Array,
  params: Float64Array,
  runs: number,
  threads: number,
): number[] {
  const grad = new Float64Array(params.length);
  const release = trainer.bind?.(x, y, threads);
  try {
    trainer.valueAndGradient(params, x, y, grad);
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      trainer.valueAndGradient(params, x, y, grad);
      times.push(seconds(start));
    }
    return times;
  } finally {
    release?.();
  }
}

/** numpy's same gradients: σ(Xw + b) − y for logistic, softmax(XWᵀ + b) − onehot(y) for softmax, then Xᵀ·r. */
const NUMPY = `
import json, statistics, sys, time
import numpy as np
which, rows, cols, classes, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(sys.argv[6], dtype='<f8').reshape(rows, cols)
y = np.fromfile(sys.argv[7], dtype='<f8')
times = []
if which == 'logistic':
    w, b = np.full(cols, 0.01), 0.0
    for _ in range(runs + 1):
        start = time.perf_counter()
        z = X @ w + b
        r = 1 / (1 + np.exp(-z)) - y
        g = X.T @ r / rows
        times.append(time.perf_counter() - start)
else:
    W, b = np.full((classes, cols), 0.01), np.zeros(classes)
    onehot = np.eye(classes)[y.astype(int)]
    for _ in range(runs + 1):
        start = time.perf_counter()
        Z = X @ W.T + b
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        R = (P - onehot) / rows
        G = R.T @ X
        times.append(time.perf_counter() - start)
print(json.dumps({'seconds': statistics.median(times[1:])}))
`;

export const bench: Bench = {
  name: 'classify',
  async run(): Promise<BenchRow[]> {
    log('generating the data');
    const x = new Float64Array(ROWS * COLS);
    fillSeeded(x, SEED);
    const scores = new Float64Array(ROWS);
    fillSeeded(scores, SEED + 1);
    // Labels from the first feature plus noise: learnable, and every class present.
    const binary = Float64Array.from(scores, (s, i) => (x[i * COLS]! + s > 0 ? 1 : 0));
    const classes = Float64Array.from(scores, (s, i) => {
      const v = x[i * COLS]! + 0.5 * s;
      return v < -0.4 ? 0 : v < 0.4 ? 1 : 2;
    });
    const bytes = ROWS * COLS * 8 + ROWS * 8;
    log('measuring memory bandwidth');
    const { bound, spread } = boundOf(bytes, await measureBandwidth());
    log('measuring the peak rate of multiply-adds');
    const peak = await measurePeakMadds();
    const missing = ensurePython(['numpy']);
    const files = {
      x: join(BENCH_DIR, 'classify-X.f64'),
      binary: join(BENCH_DIR, 'classify-y2.f64'),
      classes: join(BENCH_DIR, 'classify-y3.f64'),
    };
    if (missing === null) {
      writeFloatFiles(
        join(BENCH_DIR, 'classify.json'),
        JSON.stringify({ rows: ROWS, cols: COLS, seed: SEED }),
        [
          { path: files.x, values: x },
          { path: files.binary, values: binary },
          { path: files.classes, values: classes },
        ],
      );
    }
    const rows: BenchRow[] = [];
    for (const which of ['logistic', 'softmax'] as const) {
      log(`timing downhill ${which}`);
      const model = which === 'logistic' ? logistic(COLS) : softmax(COLS, CLASSES);
      const trainer = model.trainer(which === 'logistic' ? bce() : ce());
      const params = new Float64Array(model.layout.size).fill(0.01);
      const y = which === 'logistic' ? binary : classes;
      const times = time(trainer, x, y, params, 7, 1);
      const oneThread = median(times);
      const twoTimes = time(trainer, x, y, params, 7, 2);
      const twoThreads = median(twoTimes);
      const downhill = Math.min(oneThread, twoThreads);
      // Two-lane multiply-adds a row, cols/2 each: the logits and the gradient's share, one of each for logistic,
      // k − 1 of each for softmax (its logits are taken relative to the last class's, and its last class's gradient
      // is minus the others' sum).
      const passes = which === 'logistic' ? 1 : CLASSES - 1;
      const madds = ROWS * 2 * passes * (COLS / 2);
      const computeBound = madds / peak.best;
      const notes: Record<string, number | string> = {
        data: `X ${ROWS} × ${COLS} uniform [−1, 1) from seed ${SEED}; ${which === 'logistic' ? '2 classes' : `${CLASSES} classes`}`,
        downhill: `the faster of one thread and two (the trainer's bound kernel, as fit() drives it with threads: 1 and threads: 2), median of 7 each`,
        downhill1Thread: `${oneThread.toPrecision(3)} s (${Math.min(...times).toPrecision(3)}–${Math.max(...times).toPrecision(3)})`,
        downhill2Threads: `${twoThreads.toPrecision(3)} s (${Math.min(...twoTimes).toPrecision(3)}–${Math.max(...twoTimes).toPrecision(3)})`,
        bound: `bytes read (X and y, 808 MB) ÷ the best read bandwidth of 10 trials on 1 and 2 threads (STREAM-style sum over ${probeSize()}, four times the largest cache and at least 1.5 GiB)`,
        downhillOverBound: +(downhill / bound).toFixed(2),
        downhillOverBoundAtMedianBandwidth: +(downhill / spread.median).toFixed(2),
        computeBound: `${computeBound.toPrecision(3)} s: ${madds.toExponential(2)} two-lane multiply-adds ÷ the best of ${peak.trials.map((t) => `${t.threads} thread${t.threads > 1 ? 's' : ''} ${(Math.max(...t.rates) / 1e9).toFixed(2)}e9/s`).join(', ')} (fused, relaxed SIMD, 10 trials each)`,
        boundIs:
          computeBound > bound ? 'compute: the arithmetic takes longer than reading the bytes' : 'memory',
        downhillOverComputeBound: +(downhill / computeBound).toFixed(2),
      };
      const peers: Record<string, number> = {};
      if (missing === null) {
        log(`timing numpy ${which}`);
        const y = which === 'logistic' ? files.binary : files.classes;
        const numpy = runPython(NUMPY, [which, ROWS, COLS, CLASSES, 5, files.x, y]) as { seconds: number };
        peers.numpy = numpy.seconds;
        notes.numpyOverDownhill = +(numpy.seconds / downhill).toFixed(2);
      } else {
        notes.peers = missing;
      }
      rows.push({ name: `${which}-epoch`, downhill, peers, bound, boundSpread: spread, notes });
    }
    return rows;
  },
};
