// Memory read bandwidth measured the STREAM way, for the benchmarks' `bound`: best of several runs on a buffer far larger than the caches.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import asc from 'assemblyscript/asc';
import '../../src/kernels/node.js';
import { wasm } from '../../src/kernels/wasm-api.js';
import { median, seconds } from './linreg.js';

/** STREAM asks for arrays of at least four times the largest cache; 1.5 GiB where the cache size cannot be read. */
const FLOOR_BYTES = 1536 * 2 ** 20;
/** A shared WebAssembly memory holds at most 65,536 pages of 64 KiB; the probe stays a page below that. */
const MAX_BYTES = 65535 * 65536;

/** The units of Linux's cache sizes, as `/sys/devices/system/cpu/cpu0/cache/index3/size` prints them ("491520K"). */
const CACHE_UNITS: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };

/**
 * Four times the largest cache Linux reports, at least 1.5 GiB, in whole 64 KiB pages: a 480 MiB L3 gives 1,920
 * MiB. A fixed size, chosen for one machine's L3, was 3.2 times the next machine's. `read` returns a file's text
 * (a test stands in for /sys).
 */
export function probeBytes(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): number {
  let largest = 0;
  for (let index = 0; index < 8; index++) {
    try {
      const text = read(`/sys/devices/system/cpu/cpu0/cache/index${index}/size`).trim();
      const [, digits, unit = ''] = /^(\d+)([KMG]?)$/.exec(text) ?? [];
      if (digits !== undefined) largest = Math.max(largest, +digits * CACHE_UNITS[unit]!);
    } catch {
      break;
    }
  }
  const bytes = Math.max(FLOOR_BYTES, 4 * largest);
  return Math.min(MAX_BYTES, Math.ceil(bytes / 65536) * 65536);
}

const BYTES = probeBytes();

/** The probe's buffer as the notes print it, "1,920 MiB". */
export function probeSize(bytes: number = BYTES): string {
  return `${(bytes / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: 0 })} MiB`;
}
/** Trials per thread count; STREAM reports the best of ten. */
const TRIALS = 10;

export interface Bandwidth {
  /** Bytes per second, the best trial over one and two threads: what a bound divides by. */
  best: number;
  /** Bytes per second of every trial, by thread count. */
  trials: { threads: number; rates: number[] }[];
  /** The buffer read, in bytes. */
  bytes: number;
}

/** A worker that sums its half of the shared buffer each time it is asked. */
const SUM_WORKER = `
const { workerData: d, parentPort } = require('node:worker_threads');
const sum = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports.sum;
parentPort.on('message', () => parentPort.postMessage(sum(d.start, d.end)));
`;

/** Compiles one of the probes in ./assembly/ with `extra` flags (asc's --outFile names nothing: it stays in memory). */
async function compileProbe(name: string, extra: readonly string[]): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const source = fileURLToPath(new URL(`./assembly/${name}.ts`, import.meta.url));
  const flags = [
    source,
    '--outFile',
    `${name}.wasm`,
    '-O3',
    '--runtime',
    'stub',
    '--enable',
    'simd',
    ...extra,
  ];
  const { error, stderr } = await asc.main([...flags, '--use', 'abort='], {
    writeFile: (_name: string, contents: Uint8Array | string) => {
      if (typeof contents !== 'string') binary = contents;
    },
  });
  if (error || binary === null) throw new Error(`the ${name} probe does not compile: ${stderr.toString()}`);
  return binary;
}

let measured: Promise<Bandwidth> | null = null;

/**
 * Reads a buffer of probeBytes() (touched once first, so every page is mapped) ten times on one thread and ten times
 * split over two, and keeps every rate: the best is the bound's divisor, the rest its spread. Measured once
 * per benchmark run.
 */
export function measureBandwidth(): Promise<Bandwidth> {
  measured ??= (async () => {
    if (wasm === undefined) throw new Error('this Node has no WebAssembly');
    const pages = BYTES / 65536;
    const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    new Float64Array(memory.buffer).fill(1);
    const shared = ['--importMemory', '--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];
    const module = new wasm.Module(await compileProbe('stream', shared));
    const sum = new wasm.Instance(module, { env: { memory } }).exports.sum as (
      a: number,
      b: number,
    ) => number;
    const half = BYTES / 2;
    const worker = new Worker(SUM_WORKER, {
      eval: true,
      execArgv: [],
      workerData: { module, memory, start: half, end: BYTES },
    });
    const ask = () => new Promise<number>((resolve) => worker.once('message', resolve).postMessage('go'));
    await ask();
    const one: number[] = [];
    const two: number[] = [];
    try {
      for (let run = 0; run < TRIALS; run++) {
        let start = performance.now();
        sum(0, BYTES);
        one.push(BYTES / seconds(start));
        start = performance.now();
        const other = ask();
        sum(0, half);
        await other;
        two.push(BYTES / seconds(start));
      }
    } finally {
      await worker.terminate();
    }
    return {
      best: Math.max(...one, ...two),
      trials: [
        { threads: 1, rates: one },
        { threads: 2, rates: two },
      ],
      bytes: BYTES,
    };
  })();
  return measured;
}

/**
 * The bound for reading `bytes` and how it spread: bytes ÷ the best bandwidth, and bytes ÷ the median and the
 * worst trial of the thread count that gave the best, in seconds.
 */
export function boundOf(bytes: number, bandwidth: Bandwidth): { bound: number; spread: BoundSpread } {
  const bestSet = bandwidth.trials.reduce((a, b) => (Math.max(...b.rates) > Math.max(...a.rates) ? b : a));
  const spread: BoundSpread = {
    threads: bestSet.threads,
    best: bytes / bandwidth.best,
    median: bytes / median(bestSet.rates),
    worst: bytes / Math.min(...bestSet.rates),
    bandwidthGBs: bestSet.rates.map((r) => +(r / 1e9).toFixed(1)),
  };
  return { bound: bytes / bandwidth.best, spread };
}

export interface BoundSpread {
  /** Threads of the best trials. */
  threads: number;
  /** Seconds at the best, median and worst of those trials' bandwidth. */
  best: number;
  median: number;
  worst: number;
  /** Every trial's bandwidth, GB/s. */
  bandwidthGBs: number[];
}

/** A worker that runs the compute probe each time it is asked, and says how long that took. */
const PEAK_WORKER = `
const { workerData: d, parentPort } = require('node:worker_threads');
const madds = new WebAssembly.Instance(d.module, {}).exports.madds;
parentPort.on('message', (steps) => parentPort.postMessage(madds(steps, 1)));
`;

/** Rounds of twelve multiply-adds per trial: about 0.1 s of work on one core of this machine. */
const PEAK_STEPS = 25_000_000;

export interface PeakRate {
  /** Two-lane multiply-adds per second, the best trial over one and two threads. */
  best: number;
  /** Every trial's rate, by thread count. */
  trials: { threads: number; rates: number[] }[];
}

let peak: Promise<PeakRate> | null = null;

/**
 * The compute side of a bound, measured like the bandwidth: the rate of two-lane fused multiply-adds
 * (relaxed SIMD, as the kernels use them) on twelve independent chains, ten trials on one thread and ten on
 * two. A kernel that needs F multiply-adds cannot take less than F ÷ best seconds on this machine in
 * WebAssembly's 128-bit SIMD, whatever the memory does.
 */
export function measurePeakMadds(): Promise<PeakRate> {
  peak ??= (async () => {
    if (wasm === undefined) throw new Error('this Node has no WebAssembly');
    const module = new wasm.Module(await compileProbe('peak', ['--enable', 'relaxed-simd']));
    // The probe imports nothing; the memory only satisfies this typing of the host's API.
    const instance = new wasm.Instance(module, { env: { memory: new wasm.Memory({ initial: 1 }) } });
    const madds = (instance.exports as { madds: (steps: number, seed: number) => number }).madds;
    const worker = new Worker(PEAK_WORKER, { eval: true, execArgv: [], workerData: { module } });
    const ask = (steps: number) =>
      new Promise<number>((resolve) => worker.once('message', resolve).postMessage(steps));
    await ask(1000);
    madds(PEAK_STEPS, 1);
    const work = PEAK_STEPS * 12;
    const one: number[] = [];
    const two: number[] = [];
    try {
      for (let run = 0; run < TRIALS; run++) {
        let start = performance.now();
        madds(PEAK_STEPS, 1);
        one.push(work / seconds(start));
        start = performance.now();
        const other = ask(PEAK_STEPS / 2);
        madds(PEAK_STEPS / 2, 1);
        await other;
        two.push(work / seconds(start));
      }
    } finally {
      await worker.terminate();
    }
    return {
      best: Math.max(...one, ...two),
      trials: [
        { threads: 1, rates: one },
        { threads: 2, rates: two },
      ],
    };
  })();
  return peak;
}
