// web-threads: mlp epochs in a Chromium Web Worker on one thread and on helper Web Workers (startWebThreads), same page, same run.

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
/** Rounds of (1 thread, 2 threads), interleaved so that a change in the machine's load hits both alike. */
const ROUNDS = 5;

/**
 * Runs in the worker: builds each case's data, then times `epochs` epochs of fitStepper on 1 and on 2
 * threads, round after round, and reports the best seconds an epoch of each and what the nn mode would choose.
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
onmessage = async (event) => {
  const { cases, rounds } = event.data;
  const pool = await d.startWebThreads(2);
  const out = [];
  for (const c of cases) {
    const data = c.data === 'mnist' ? mnist(c.rows) : d.generateDataset(c.data, { seed: 1, rows: c.rows });
    const settings = { model: 'mlp:' + c.layers, loss: 'ce', activation: c.activation, optimizer: 'gd',
      optimizerOptions: { learningRate: 0.01 }, seed: 1, ...(c.batch === null ? {} : { batchSize: c.batch }) };
    // 1 thread, 2 threads, and 'auto' (the nn mode's choice: 2 timed against 1 on the batches, the faster run).
    const steppers = [1, 2, 'auto'].map((threads) => d.fitStepper(data, { ...settings, threads }));
    const params = steppers[0].params.length;
    // A first epoch each (threads starting, code warming up), then a second timed on one thread: enough epochs a
    // measurement for about 0.2 s there. Every stepper runs the same epochs, so their params can be compared.
    let probe = 0;
    for (const s of steppers) s.step(1);
    steppers.forEach((s, i) => {
      const t = performance.now();
      s.step(1);
      if (i === 0) probe = performance.now() - t;
    });
    const epochs = Math.max(1, Math.round(200 / Math.max(0.05, probe)));
    const best = [Infinity, Infinity, Infinity];
    for (let r = 0; r < rounds; r++) {
      steppers.forEach((s, i) => {
        const t = performance.now();
        s.step(epochs);
        best[i] = Math.min(best[i], (performance.now() - t) / 1000 / epochs);
      });
    }
    const same = steppers[0].params.every((v, i) => v === steppers[1].params[i] && v === steppers[2].params[i]);
    for (const s of steppers) s.close();
    const chunk = Math.min(c.batch ?? c.rows, 256);
    out.push({ name: c.name, params, chunk, epochs, one: best[0], two: best[1], auto: best[2], same,
      chosen: d.kernels.denseThreadsPay(params, c.batch ?? c.rows) ? 2 : 1 });
  }
  pool.close();
  postMessage({ threads: pool.threads, isolated: self.crossOriginIsolated === true, out });
};
`;

const isolation = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

interface CaseResult {
  name: string;
  params: number;
  chunk: number;
  epochs: number;
  one: number;
  two: number;
  auto: number;
  same: boolean;
  chosen: number;
}

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
      const result = (await page.evaluate(`new Promise((resolve) => {
        const worker = new Worker('job.js');
        worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
        worker.postMessage(${JSON.stringify({ cases: CASES, rounds: ROUNDS })});
      })`)) as { threads: number; isolated: boolean; out: CaseResult[] };
      const load = `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} (1-min load average, 2 cores)`;
      return result.out.map((c) => ({
        name: c.name,
        downhill: c.one,
        peers: { downhillWebThreads: c.two, downhillAuto: c.auto },
        bound: null,
        notes: {
          network: `${c.params} params, chunks of ${c.chunk} rows, best of ${ROUNDS} × ${c.epochs} epochs`,
          speedup: `${(c.one / c.two).toFixed(2)}× on ${result.threads} threads (isolated: ${result.isolated})`,
          sameParams: String(c.same),
          nnMode: c.chosen === 1 ? 'one thread' : "'auto' (helpers started; the faster of 1 and 2 runs)",
          load,
        },
      }));
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  },
};
