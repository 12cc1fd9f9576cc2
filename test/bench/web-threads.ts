// web-threads: mlp epochs in Chromium Web Workers on one thread, on helper Web Workers (startWebThreads) and 'auto', same page, same run.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../chromium.js';
import type { Bench, BenchRow } from './bench.js';

/** The networks timed: the nn mode's presets and largest net, and the CONTRACT's mlp-epoch shape on a slice. */
const CASES = [
  {
    name: 'web-threads-nn-spiral',
    data: 'spiral',
    rows: 400,
    layers: '16,16',
    activation: 'tanh',
    batch: null,
  },
  {
    name: 'web-threads-nn-64x3',
    data: 'spiral',
    rows: 400,
    layers: '64,64,64',
    activation: 'tanh',
    batch: null,
  },
  {
    name: 'web-threads-nn-64x12',
    data: 'spiral',
    rows: 2000,
    layers: Array(12).fill(64).join(','),
    activation: 'relu',
    batch: 128,
  },
  { name: 'web-threads-mlp-784', data: 'mnist', rows: 6000, layers: '128', activation: 'relu', batch: 128 },
] as const;
/** Rounds of (1 thread, 2 threads, 'auto'), interleaved so that a change in the machine's load hits all alike. */
const ROUNDS = 5;
/** The steppers' threads: one, two, and the nn mode's choice ('auto': 2 timed against 1 on the batches). */
const KINDS = [1, 2, 'auto'] as const;

/**
 * Runs in a worker, one stepper of one kind at a time, as the nn mode's worker: its own pool of helpers
 * (startWebThreads(2), one helper), which a stepper on two threads or 'auto' holds between steps — two
 * steppers in one worker would leave the second without a helper. Orders: start the pool, set a case up,
 * step some epochs (the reply is the seconds they took), hand the params back, end.
 */
const JOB = `
importScripts('downhill.js');
const d = self.downhill;
function mnist(rows) {
  // MNIST's shape: pixels in [0, 1), a label from the largest of ten seeded linear scores (as bench/mlp.ts).
  const cols = 784, classes = 10;
  const random = d.Random.seeded(20260101);
  const x = new Float64Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = random.next();
  const teacher = new Float64Array(classes * cols);
  for (let i = 0; i < teacher.length; i++) teacher[i] = random.uniform(-1, 1);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0, bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[i * cols + j] * teacher[c * cols + j];
      if (s > bestScore) { best = c; bestScore = s; }
    }
    y[i] = best;
  }
  return { name: 'mnist-like', featureNames: Array.from({ length: cols }, (_, j) => 'p' + j), targetName: 'label',
    rows, features: x, target: y, classes: Array.from({ length: classes }, (_, c) => String(c)) };
}
let pool = null;
let stepper = null;
onmessage = async ({ data: order }) => {
  if (order.op === 'start') {
    pool = await d.startWebThreads(2);
    postMessage({ threads: pool.threads, isolated: self.crossOriginIsolated === true });
  } else if (order.op === 'case') {
    const c = order.case;
    const data = c.data === 'mnist' ? mnist(c.rows) : d.generateDataset(c.data, { seed: 1, rows: c.rows });
    const settings = { model: 'mlp:' + c.layers, loss: 'ce', activation: c.activation, optimizer: 'gd',
      optimizerOptions: { learningRate: 0.01 }, seed: 1, ...(c.batch === null ? {} : { batchSize: c.batch }) };
    stepper?.close();
    stepper = d.fitStepper(data, { ...settings, threads: order.threads });
    postMessage({ params: stepper.params.length, chosen: d.kernels.denseThreadsPay(stepper.params.length, c.batch ?? c.rows) ? 2 : 1 });
  } else if (order.op === 'step') {
    const t = performance.now();
    stepper.step(order.epochs);
    postMessage((performance.now() - t) / 1000);
  } else if (order.op === 'params') {
    postMessage(Float64Array.from(stepper.params));
  } else {
    stepper?.close();
    pool.close();
    postMessage(null);
  }
};
`;

/**
 * Runs in the page: a worker per kind; for each case a first epoch on each (threads starting, code warming
 * up), a second timed on one thread to size a measurement (about 0.2 s there), then ROUNDS rounds of every
 * kind in turn. Each kind's seconds an epoch are given as the best and the median round; all kinds run the
 * same epochs, so their params can be compared.
 */
const DRIVER = `async ({ cases, rounds, kinds }) => {
  const ask = (worker, order) => new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.postMessage(order);
  });
  const workers = kinds.map(() => new Worker('job.js'));
  const pools = [];
  for (const w of workers) pools.push(await ask(w, { op: 'start' }));
  const out = [];
  for (const c of cases) {
    let info = null;
    for (let i = 0; i < kinds.length; i++) info = await ask(workers[i], { op: 'case', case: c, threads: kinds[i] });
    for (const w of workers) await ask(w, { op: 'step', epochs: 1 });
    let probe = 0;
    for (let i = 0; i < kinds.length; i++) {
      const seconds = await ask(workers[i], { op: 'step', epochs: 1 });
      if (i === 0) probe = seconds * 1000;
    }
    const epochs = Math.max(1, Math.round(200 / Math.max(0.05, probe)));
    const times = kinds.map(() => []);
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < kinds.length; i++) times[i].push((await ask(workers[i], { op: 'step', epochs })) / epochs);
    const params = [];
    for (const w of workers) params.push(await ask(w, { op: 'params' }));
    const same = params.every((p) => p.every((v, j) => v === params[0][j]));
    out.push({ name: c.name, params: info.params, chosen: info.chosen, chunk: Math.min(c.batch ?? c.rows, 256), epochs, times, same });
  }
  for (const w of workers) {
    await ask(w, { op: 'end' });
    w.terminate();
  }
  return { threads: pools[1].threads, isolated: pools.every((p) => p.isolated), out };
}`;

const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

interface CaseResult {
  name: string;
  params: number;
  chunk: number;
  epochs: number;
  /** Seconds an epoch, a round each, by kind (KINDS' order). */
  times: number[][];
  same: boolean;
  chosen: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const bench: Bench = {
  name: 'web-threads',
  async run(): Promise<BenchRow[]> {
    const out = await build({
      entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'downhill',
      write: false,
      logLevel: 'silent',
    });
    const files: Record<string, string> = { '/downhill.js': out.outputFiles[0]!.text, '/job.js': JOB };
    const server: Server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const body = path === '/' ? '<!doctype html><title>web-threads</title>' : files[path];
      if (body === undefined) {
        response.writeHead(404, isolation).end();
        return;
      }
      const type = path === '/' ? 'text/html' : 'text/javascript';
      response.writeHead(200, { 'content-type': type, ...isolation }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    const loadBefore = loadavg()[0]!;
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const result = (await page.evaluate(
        `(${DRIVER})(${JSON.stringify({ cases: CASES, rounds: ROUNDS, kinds: KINDS })})`,
      )) as {
        threads: number;
        isolated: boolean;
        out: CaseResult[];
      };
      const load = `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} (1-min load average, 2 cores)`;
      return result.out.map((c) => {
        const [one, two, auto] = c.times.map((t) => Math.min(...t)) as [number, number, number];
        const [oneMedian, twoMedian, autoMedian] = c.times.map(median) as [number, number, number];
        const ms = (t: number[]) => t.map((s) => (s * 1000).toPrecision(3)).join(', ');
        return {
          name: c.name,
          downhill: one,
          peers: { downhillWebThreads: two, downhillAuto: auto },
          bound: null,
          notes: {
            network: `${c.params} params, chunks of ${c.chunk} rows, best of ${ROUNDS} rounds × ${c.epochs} epochs`,
            speedup: `${(one / two).toFixed(2)}× on ${result.threads} threads (isolated: ${result.isolated})`,
            autoOverBetter: `${(auto / Math.min(one, two)).toFixed(2)} best, ${(autoMedian / Math.min(oneMedian, twoMedian)).toFixed(2)} median`,
            roundsMs: `1 thread ${ms(c.times[0]!)}; 2 threads ${ms(c.times[1]!)}; auto ${ms(c.times[2]!)}`,
            sameParams: String(c.same),
            nnMode: c.chosen === 1 ? 'one thread' : "'auto' (helpers started; the faster of 1 and 2 runs)",
            load,
          },
        };
      });
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  },
};
