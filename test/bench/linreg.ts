// linreg-epoch: one full-batch gradient epoch of linear regression on 1,000,000 × 100 float64, against numpy and scikit-learn.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { createLinearKernel } from '../../src/kernels/create-linear-kernel.js';
import { linearGradient } from '../../src/kernels/linear-gradient.js';
import { linearMemoryLayout } from '../../src/kernels/linear-wasm-memory.js';
import '../../src/kernels/node.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import { kernelFacts, kernelModule } from '../../src/kernels/wasm-kernels.js';
import { boundOf, measureBandwidth, probeSize } from './bandwidth.js';
import type { Bench, BenchRow } from './bench.js';

const ROWS = 1_000_000;
const COLS = 100;
const SEED = 20_240_601;
/** Where the benchmarks leave data for their Python peers. */
export const BENCH_DIR = '/tmp/downhill-bench';
const FILES = {
  x: join(BENCH_DIR, 'linreg-X.f64'),
  y: join(BENCH_DIR, 'linreg-y.f64'),
  params: join(BENCH_DIR, 'linreg-params.f64'),
};
const STAMP = join(BENCH_DIR, 'linreg.json');
/** Debian's Python, whose numpy (OpenBLAS) and friends come from apt, not the python3 on PATH. */
const PYTHON = '/usr/bin/python3';

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
export const seconds = (start: number): number => (performance.now() - start) / 1000;
const log = (line: string): void => {
  process.stderr.write(`  linreg-epoch: ${line}\n`);
};

/** Uniform values in [−1, 1) from a seed (mulberry32), written into `out`. */
export function fillSeeded(out: Float64Array, seed: number): void {
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
}

/**
 * X uniform in [−1, 1), y = X·w* + b* + noise, and the point where every contender evaluates the gradient.
 */
function makeData(): { x: Float64Array; y: Float64Array; params: Float64Array } {
  const x = new Float64Array(ROWS * COLS);
  fillSeeded(x, SEED);
  const truth = new Float64Array(COLS + 1);
  fillSeeded(truth, SEED + 1);
  const noise = new Float64Array(ROWS);
  fillSeeded(noise, SEED + 2);
  const y = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    let z = truth[COLS]! + 0.1 * noise[i]!;
    for (let j = 0; j < COLS; j++) z += x[i * COLS + j]! * truth[j]!;
    y[i] = z;
  }
  const params = new Float64Array(COLS + 1);
  fillSeeded(params, SEED + 3);
  return { x, y, params };
}

/**
 * Writes arrays as raw little-endian float64 for numpy.fromfile, unless the files that `stamp` (the settings
 * they were made from, saved at `stampPath`) describes are already there.
 */
export function writeFloatFiles(
  stampPath: string,
  stamp: string,
  files: readonly { path: string; values: Float64Array }[],
): void {
  if (endianness() !== 'LE') throw new Error('the benchmark files are little-endian; this machine is not');
  const present =
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === stamp &&
    files.every(({ path, values }) => existsSync(path) && statSync(path).size === values.byteLength);
  if (present) return;
  mkdirSync(BENCH_DIR, { recursive: true });
  for (const { path, values } of files) {
    writeFileSync(`${path}.tmp`, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    renameSync(`${path}.tmp`, path);
  }
  writeFileSync(stampPath, stamp);
}

/**
 * Seconds of `runs` calls of `epoch` after the first (which a fit pays too: V8 optimizes the module's code
 * within it), their median and range, and the last call's gradient and Σr².
 */
function time(
  runs: number,
  epoch: (grad: Float64Array) => number,
): { seconds: number; first: number; min: number; max: number; grad: Float64Array; sse: number } {
  const grad = new Float64Array(COLS + 1);
  let start = performance.now();
  let sse = epoch(grad);
  const first = seconds(start);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    start = performance.now();
    sse = epoch(grad);
    times.push(seconds(start));
  }
  return { seconds: median(times), first, min: Math.min(...times), max: Math.max(...times), grad, sse };
}

/** The peers' script: loads the files, times one epoch of `which`, prints JSON. */
const PEER_SCRIPT = `
import json, statistics, sys, time
import numpy as np
which, rows, cols, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(sys.argv[5], dtype='<f8').reshape(rows, cols)
y = np.fromfile(sys.argv[6], dtype='<f8')
p = np.fromfile(sys.argv[7], dtype='<f8')
w, b = p[:cols], p[cols]
out = {}
try:
    from threadpoolctl import threadpool_info
    out['blas'] = ', '.join(f"{i['internal_api']} {i.get('version')} {i.get('architecture')} kernel, {i['num_threads']} threads" for i in threadpool_info() if i['user_api'] == 'blas')
except ImportError:
    out['blas'] = 'unknown (no threadpoolctl)'
times = []
if which == 'numpy':
    for _ in range(runs + 1):
        start = time.perf_counter()
        r = X @ w + b - y
        g = X.T @ r
        times.append(time.perf_counter() - start)
    out['grad'] = g.tolist() + [float(r.sum())]
    out['sse'] = float(r @ r)
else:
    from sklearn import __version__
    from sklearn.linear_model import SGDRegressor
    model = SGDRegressor(learning_rate='constant', eta0=1e-4, alpha=0.0, penalty=None, random_state=0)
    for _ in range(runs + 1):
        start = time.perf_counter()
        model.partial_fit(X, y)
        times.append(time.perf_counter() - start)
    out['version'] = __version__
out['seconds'] = statistics.median(times[1:])
print(json.dumps(out))
`;

/**
 * Debian's python3-<module> for each module (numpy, sklearn, torch), installed with apt-get when missing (once
 * more after an apt-get update); a reason when they cannot be had.
 */
export function ensurePython(modules: readonly string[]): string | null {
  const names = modules.join(', ');
  const ready = () => spawnSync(PYTHON, ['-c', `import ${names}`], { stdio: 'ignore' }).status === 0;
  if (ready()) return null;
  const packages = modules.map((m) => `python3-${m}`);
  const install = () =>
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'ignore' }).status === 0;
  process.stderr.write(`  installing ${packages.join(' and ')} with apt-get\n`);
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    install();
  }
  return ready() ? null : `${PYTHON} cannot import ${names}, and apt-get could not install them`;
}

/**
 * Runs a peer's Python `script` with `args` in its own process and parses the JSON it prints. The OpenBLAS
 * overrides set for this machine (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) slow numpy, so they are removed from
 * the peer's environment only.
 */
export function runPython(script: string, args: readonly (string | number)[]): unknown {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const output = execFileSync(PYTHON, ['-c', script, ...args.map(String)], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(output);
}

interface PeerResult {
  seconds: number;
  blas: string;
  grad?: number[];
  sse?: number;
  version?: string;
}

/** Times one peer on the shared files. */
function runPeer(which: 'numpy' | 'sklearn', runs: number): PeerResult {
  return runPython(PEER_SCRIPT, [which, ROWS, COLS, runs, FILES.x, FILES.y, FILES.params]) as PeerResult;
}

/**
 * Seconds of the plain copy a kernel's set-up is measured against: x and y by Float64Array.set into a fresh
 * WebAssembly memory of the kernel's size (the same pages to fault in, which is most of the cost), and again into
 * the same pages once they are touched.
 */
function timeMemcpy(x: Float64Array, y: Float64Array): { fresh: number; touched: number } {
  const pages = linearMemoryLayout(ROWS, COLS, kernelFacts(kernelModule(false)!).heapBase).pages;
  const copy = (heap: Float64Array): number => {
    const start = performance.now();
    heap.set(y, 2048);
    heap.set(x, 2048 + ROWS);
    return seconds(start);
  };
  const heap = new Float64Array(new wasm!.Memory({ initial: pages }).buffer);
  return { fresh: copy(heap), touched: copy(heap) };
}

/** Largest |a − b| / (1 + |b|): how closely two gradients agree. */
const disagreement = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(b, (bi, i) => Math.abs(a[i]! - bi) / (1 + Math.abs(bi))).reduce((m, d) => Math.max(m, d), 0);

export const bench: Bench = {
  name: 'linreg-epoch',
  async run(): Promise<BenchRow[]> {
    const bytesX = ROWS * COLS * 8;
    log('generating the data');
    const data = makeData();
    writeFloatFiles(
      STAMP,
      JSON.stringify({ rows: ROWS, cols: COLS, seed: SEED }),
      Object.entries(FILES).map(([name, path]) => ({ path, values: data[name as keyof typeof FILES] })),
    );
    const { x, y, params } = data;
    const notes: Record<string, number | string> = {};

    log(`measuring memory bandwidth (STREAM-style, ${probeSize()}, best of 10 on 1 and 2 threads)`);
    const { bound, spread: boundSpread } = boundOf(bytesX + ROWS * 8, await measureBandwidth());
    notes.bound = `bytes read (X and y, 808 MB) ÷ the best read bandwidth of 10 trials on 1 and 2 threads (WebAssembly SIMD sum over ${probeSize()}, four times the largest cache and at least 1.5 GiB)`;

    log('timing downhill');
    const js = time(5, (grad) => linearGradient(x, y, ROWS, COLS, params, grad));
    const contenders: Record<string, ReturnType<typeof time>> = { js1Thread: js };
    // Each kernel made by the factory fit's trainer binds (createLinearKernel): one thread, two, and 'auto', fit's
    // default (each gradient on the faster of the two now, see fasterKernel).
    for (const threads of [1, 2, 'auto'] as const) {
      const name = threads === 'auto' ? 'wasmAuto' : `wasm${threads}Thread${threads > 1 ? 's' : ''}`;
      // The copy it is measured against just before each set-up, in the same load.
      const memcpy = timeMemcpy(x, y);
      const start = performance.now();
      const kernel = createLinearKernel(x, y, ROWS, COLS, 'squared', { threads });
      const setup = seconds(start);
      notes[`${name}SetupSeconds`] = +setup.toFixed(2);
      notes[`${name}MemcpySeconds`] = +memcpy.fresh.toFixed(2);
      notes[`${name}MemcpyTouchedSeconds`] = +memcpy.touched.toFixed(3);
      notes[`${name}SetupOverMemcpy`] = +(setup / memcpy.fresh).toFixed(2);
      try {
        contenders[name] = time(15, (grad) => kernel.gradient(params, grad));
      } finally {
        kernel.close();
      }
    }
    const ms = (s: number): string => (s * 1e3).toFixed(1);
    for (const [name, result] of Object.entries(contenders)) {
      notes[`downhill_${name}`] =
        `${ms(result.seconds)} ms median (${ms(result.min)}–${ms(result.max)}), first ${ms(result.first)} ms`;
      notes[`disagreement_${name}`] = +disagreement(result.grad, js.grad).toExponential(1);
    }
    const best = Object.entries(contenders).reduce((a, b) => (b[1].seconds < a[1].seconds ? b : a));
    notes.downhillBest = best[0];

    const peers: Record<string, number> = {};
    const missing = ensurePython(['numpy', 'sklearn']);
    if (missing === null) {
      log('timing numpy');
      const numpy = runPeer('numpy', 9);
      peers.numpy = numpy.seconds;
      notes.numpyBlas = numpy.blas;
      notes.numpyGradientDisagreement = +disagreement(numpy.grad ?? [], js.grad).toExponential(1);
      notes.numpyOverDownhill = +(numpy.seconds / best[1].seconds).toFixed(2);
      log('timing scikit-learn');
      const sklearn = runPeer('sklearn', 3);
      peers.sklearn = sklearn.seconds;
      notes.sklearn = `SGDRegressor ${sklearn.version}: partial_fit, one per-sample pass over the rows`;
      notes.sklearnOverDownhill = +(sklearn.seconds / best[1].seconds).toFixed(2);
    } else {
      notes.peers = missing;
    }
    notes.downhillOverBound = +(best[1].seconds / bound).toFixed(2);
    notes.downhillOverBoundAtMedianBandwidth = +(best[1].seconds / boundSpread.median).toFixed(2);
    notes.setup =
      'a kernel’s creation (its memory, x and y tiled into it, its threads started) ÷ Float64Array.set of x and y into a fresh WebAssembly memory of the same size, just before it (memcpyTouched: the same copy again into pages already touched)';
    notes.data = `X ${ROWS} × ${COLS} uniform [−1, 1) from seed ${SEED}, shared with the peers through ${BENCH_DIR}`;
    return [{ name: 'linreg-epoch', downhill: best[1].seconds, peers, bound, boundSpread, notes }];
  },
};
