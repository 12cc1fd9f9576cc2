// The worker-thread dense kernel against the one-thread kernels (bit for bit) and the reference, its fallbacks, and its life cycle.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '../../src/data/generators.js';
import { type DenseKernel, type DenseShape, denseLayout } from '../../src/kernels/dense.js';
import { createJsDenseKernel } from '../../src/kernels/dense-js.js';
import { denseOutputs } from '../../src/kernels/dense-outputs.js';
import { createThreadedDenseKernel } from '../../src/kernels/dense-threads.js';
import { createWasmDenseKernel } from '../../src/kernels/dense-wasm.js';
import { createParallelDenseKernel } from '../../src/kernels/node.js';
import { setKernelBackend } from '../../src/kernels/wasm-kernels.js';
import { fit } from '../../src/train/fit.js';
import { seededValues } from './reference.js';

/** One forward and backward over `rows` rows in chunks, as network.ts drives a kernel; returns outputs and gradient. */
function run(kernel: DenseKernel, shape: DenseShape, rows: number, seed: number) {
  const { size } = denseLayout(shape.widths);
  const params = seededValues(size, seed).map((v) => v / 2);
  const x = seededValues(rows * shape.widths[0]!, seed + 1);
  const outputs: number[] = [];
  kernel.load(params);
  for (let start = 0; start < rows; start += kernel.maxRows) {
    const count = Math.min(kernel.maxRows, rows - start);
    const out = kernel.forward(x, start, count);
    outputs.push(...out);
    const d = kernel.outputGrad();
    for (let i = 0; i < d.length; i++) d[i] = Math.sin(out[i]! + i);
    kernel.backward(start === 0);
  }
  const grad = new Float64Array(size);
  kernel.gradient(grad);
  return { outputs, grad };
}

/**
 * Equal entry by entry (=== , so a −0 equals a 0): the threads split each product by rows or columns of its
 * result, never a sum, so each entry is the same sequence of operations as on one thread.
 */
function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i])
      expect.fail(`entry ${i}: ${actual[i]} against one thread's ${expected[i]}`);
  }
}

const shapes = fc.record({
  widths: fc.array(fc.integer({ min: 1, max: 23 }), { minLength: 2, maxLength: 4 }),
  activation: fc.constantFrom('relu' as const, 'tanh' as const, 'sigmoid' as const),
});

afterEach(() => {
  setKernelBackend('auto');
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('createParallelDenseKernel', () => {
  it('equals the one-thread WebAssembly kernel bit for bit on random networks, 2 and 3 threads, tiny and odd sizes', () => {
    // Kernels are reused across cases of one shape family only through fresh creation: each case starts its own workers.
    fc.assert(
      fc.property(
        shapes,
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 13 }),
        fc.constantFrom(2, 3),
        fc.integer(),
        (shape, rows, maxRows, threads, seed) => {
          const single = createWasmDenseKernel(shape, maxRows)!;
          const parallel = createParallelDenseKernel(shape, maxRows, { threads });
          try {
            expect(parallel.threads).toBe(threads);
            const a = run(parallel, shape, rows, seed);
            const b = run(single, shape, rows, seed);
            expectSame(a.outputs, b.outputs);
            expectSame(a.grad, b.grad);
          } finally {
            parallel.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('equals one thread on the benchmark network with a batch of 128, call after call, and the reference to 1e-12', () => {
    const shape: DenseShape = { widths: [784, 128, 10], activation: 'relu' };
    const parallel = createParallelDenseKernel(shape, 256, { threads: 2 });
    try {
      for (let call = 0; call < 3; call++) {
        const a = run(parallel, shape, 128 + call, call);
        const b = run(createWasmDenseKernel(shape, 256)!, shape, 128 + call, call);
        expectSame(a.outputs, b.outputs);
        expectSame(a.grad, b.grad);
        const c = run(createJsDenseKernel(shape, 256), shape, 128 + call, call);
        const scale = Math.max(1, ...c.grad.map(Math.abs));
        for (let i = 0; i < c.grad.length; i++)
          expect(Math.abs(a.grad[i]! - c.grad[i]!)).toBeLessThanOrEqual(1e-12 * scale);
      }
    } finally {
      parallel.close();
    }
  });

  it('handles one row, one unit and more threads than rows or units', () => {
    for (const widths of [
      [1, 1],
      [3, 1, 2],
      [1, 5, 1],
      [2, 1, 1, 3],
    ]) {
      const shape: DenseShape = { widths, activation: 'tanh' };
      const parallel = createParallelDenseKernel(shape, 4, { threads: 4 });
      try {
        for (const rows of [1, 3, 9]) {
          const a = run(parallel, shape, rows, rows);
          const b = run(createWasmDenseKernel(shape, 4)!, shape, rows, rows);
          expectSame(a.outputs, b.outputs);
          expectSame(a.grad, b.grad);
        }
      } finally {
        parallel.close();
      }
    }
  });

  it('throws once closed, and closing twice is harmless', () => {
    const shape: DenseShape = { widths: [3, 2], activation: 'relu' };
    const kernel = createParallelDenseKernel(shape, 8, { threads: 2 });
    kernel.close();
    kernel.close();
    expect(() => kernel.load(new Float64Array(8))).toThrow(/closed/);
    expect(() => createParallelDenseKernel(shape, 8, { threads: 0 })).toThrow(RangeError);
  });
});

describe('threaded training and evaluation', () => {
  const data = generateDataset('spiral', { seed: 3, rows: 300 });
  const options = {
    model: 'mlp:24,16',
    optimizer: 'adam',
    batchSize: 37,
    epochs: 3,
    tol: 0,
    seed: 2,
  } as const;

  it('fit on 2 threads ends with the params, loss and metrics of 1 thread, bit for bit', () => {
    const one = fit(data, { ...options, threads: 1 });
    const two = fit(data, { ...options, threads: 2 });
    expectSame(two.params, one.params);
    expect(two.loss).toBe(one.loss);
    expect(two.metrics).toEqual(one.metrics);
    expect(two.history.loss).toEqual(one.history.loss);
  });

  it('rejects a thread count that is not a whole number ≥ 1, by its key', () => {
    expect(() => fit(data, { ...options, threads: 0 })).toThrow(expect.objectContaining({ key: 'threads' }));
    expect(() => fit(data, { ...options, threads: 1.5 })).toThrow(
      expect.objectContaining({ key: 'threads' }),
    );
  });

  it('denseOutputs equals the training kernel’s forward pass, on 1 or 2 threads, in blocks', () => {
    const shape: DenseShape = { widths: [5, 7, 3], activation: 'sigmoid' };
    const { size } = denseLayout(shape.widths);
    const params = seededValues(size, 9);
    const rows = 2500;
    const x = seededValues(rows * 5, 10);
    const kernel = createWasmDenseKernel(shape, 256)!;
    kernel.load(params);
    const expected: number[] = [];
    for (let start = 0; start < rows; start += 256)
      expected.push(...kernel.forward(x, start, Math.min(256, rows - start)));
    expectSame(denseOutputs(shape, params, x, rows, { threads: 1 }), expected);
    expectSame(denseOutputs(shape, params, x, rows, { threads: 2 }), expected);
    const out = new Float64Array(rows * 3);
    expect(denseOutputs(shape, params, x, rows, { out })).toBe(out);
    expectSame(out, expected);
    expect(denseOutputs(shape, params, x, 0)).toHaveLength(0);
    expect(() => denseOutputs(shape, params.subarray(1), x, rows)).toThrow(/params/);
    expect(() => denseOutputs(shape, params, x, rows + 1)).toThrow(/values of x/);
  });
});

describe('fallbacks', () => {
  it('gives no threaded kernel when the reference backend is forced, and fit still runs on one thread', () => {
    setKernelBackend('reference');
    const shape: DenseShape = { widths: [4, 3, 2], activation: 'relu' };
    expect(createThreadedDenseKernel(shape, 16, 2, true)).toBeNull();
    const data = generateDataset('xor', { seed: 1, rows: 40 });
    const run = fit(data, { model: 'mlp:4', epochs: 2, batchSize: 8, tol: 0, threads: 2 });
    expect(Number.isFinite(run.loss)).toBe(true);
  });

  it('falls back to one thread where shared memory is missing, with the same numbers', async () => {
    const data = generateDataset('xor', { seed: 1, rows: 40 });
    const options = { model: 'mlp:4', epochs: 2, batchSize: 8, tol: 0 } as const;
    const expected = fit(data, { ...options, threads: 1 }).params;
    // As in a browser page that is not cross-origin isolated: no SharedArrayBuffer, so no shared memory.
    vi.stubGlobal('SharedArrayBuffer', undefined);
    expect(createThreadedDenseKernel({ widths: [2, 4, 1], activation: 'tanh' }, 8, 2, true)).toBeNull();
    expectSame(fit(data, { ...options, threads: 2 }).params, expected);
  });

  it('falls back to the reference kernel on one thread where WebAssembly SIMD is missing', async () => {
    const host = (globalThis as unknown as { WebAssembly: object }).WebAssembly;
    vi.stubGlobal('WebAssembly', Object.assign(Object.create(host), { validate: () => false }));
    vi.resetModules();
    await import('../../src/kernels/node.js');
    const threads = await import('../../src/kernels/dense-threads.js');
    const train = await import('../../src/train/fit.js');
    expect(
      threads.createThreadedDenseKernel({ widths: [2, 4, 1], activation: 'tanh' }, 8, 2, true),
    ).toBeNull();
    const data = generateDataset('xor', { seed: 1, rows: 40 });
    const run = train.fit(data, { model: 'mlp:4', epochs: 2, batchSize: 8, tol: 0, threads: 2 });
    expect(Number.isFinite(run.loss)).toBe(true);
  });

  it('runs one thread where no host registered threads (a browser, or Node without downhill/node)', async () => {
    vi.resetModules();
    const threads = await import('../../src/kernels/dense-threads.js');
    expect(
      threads.createThreadedDenseKernel({ widths: [2, 4, 1], activation: 'tanh' }, 8, 2, true),
    ).toBeNull();
    expect(threads.defaultDenseThreads({ widths: [784, 128, 10], activation: 'relu' }, 128)).toBe(1);
  });
});

describe('clean shutdown', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  /**
   * A fresh Node process that trains an mlp on two threads, then returns or throws from fit(); the workers
   * keep a process alive until their kernel is closed, so the process ending by itself within the timeout
   * shows that fit() ended them.
   */
  const script = (body: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'downhill-threads-'));
    dirs.push(dir);
    const file = join(dir, 'run.ts');
    const root = new URL('../../src/', import.meta.url).pathname;
    // Workers are counted as they start, through Node's own module (syncBuiltinESMExports makes the
    // kernel's named import see the counting class), so a run that never started one cannot pass.
    writeFileSync(
      file,
      `import { syncBuiltinESMExports } from 'node:module';
import threads from 'node:worker_threads';
import '${root}kernels/node.ts';
import { generateDataset } from '${root}data/generators.ts';
import { fit } from '${root}train/fit.ts';
let started = 0;
threads.Worker = class extends threads.Worker {
  constructor(...args: ConstructorParameters<typeof threads.Worker>) {
    super(...args);
    started++;
  }
};
syncBuiltinESMExports();
const data = generateDataset('spiral', { seed: 1, rows: 400 });
const options = { model: 'mlp:64,64', batchSize: 200, epochs: 3, tol: 0, threads: 2 } as const;
${body}
console.log('workers', started);
`,
    );
    return file;
  };
  const node = (file: string): string =>
    execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 60_000 });

  it('the process exits by itself after fit() returns', () => {
    const out = node(script(`console.log(fit(data, options).epochs);`));
    expect(out.trim().split('\n')).toEqual(['3', 'workers 1']);
  });

  it('the process exits by itself after fit() throws mid-run', () => {
    const out = node(
      script(`try {
  fit(data, { ...options, onEpoch: () => { throw new Error('stop here'); } });
} catch (error) {
  console.log((error as Error).message);
}`),
    );
    expect(out.trim().split('\n')).toEqual(['stop here', 'workers 1']);
  });
});
