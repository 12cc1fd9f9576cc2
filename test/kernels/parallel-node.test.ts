// The worker-thread linear kernel against the single-threaded ones, and its life cycle.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linearGradient } from '../../src/kernels/linear-gradient.js';
import { createWasmLinearKernel } from '../../src/kernels/linear-wasm.js';
import { createParallelLinearKernel } from '../../src/kernels/node.js';
import { expectClose, seededValues } from './reference.js';

describe('createParallelLinearKernel', () => {
  // 20 001 rows: blocks of unequal size, an odd row at the end; 37 columns: padded inside.
  const [rows, cols] = [20_001, 37];
  const x = seededValues(rows * cols, 1);
  const y = seededValues(rows, 2);
  const params = seededValues(cols + 1, 3);
  const expectedGrad = new Float64Array(cols + 1);
  const expectedSse = linearGradient(x, y, rows, cols, params, expectedGrad);

  for (const threads of [1, 2, 3]) {
    it(`equals the single-threaded kernels to 1e-12 with ${threads} thread(s), call after call`, () => {
      const kernel = createParallelLinearKernel(x, y, rows, cols, { threads });
      try {
        for (let call = 0; call < 3; call++) {
          const grad = new Float64Array(cols + 1).fill(Number.NaN);
          const sse = kernel.gradient(params, grad);
          expectClose([sse], [expectedSse], 1e-12);
          expectClose(grad, expectedGrad, 1e-12);
        }
      } finally {
        kernel.close();
      }
    });
  }

  it('agrees with the WebAssembly kernel on one thread for new params each call', () => {
    const parallel = createParallelLinearKernel(x, y, rows, cols, { threads: 2 });
    const single = createWasmLinearKernel(x, y, rows, cols);
    try {
      for (let call = 0; call < 3; call++) {
        const p = seededValues(cols + 1, 10 + call);
        const [g1, g2] = [new Float64Array(cols + 1), new Float64Array(cols + 1)];
        expectClose([parallel.gradient(p, g1)], [single.gradient(p, g2)], 1e-12);
        expectClose(g1, g2, 1e-12);
      }
    } finally {
      parallel.close();
      single.close();
    }
  });

  it('handles fewer rows than threads', () => {
    const kernel = createParallelLinearKernel(Float64Array.of(1, 2, 3), Float64Array.of(1, 1, 1), 3, 1, {
      threads: 8,
    });
    const grad = new Float64Array(2);
    // w = 1, b = 0: r = [0, 1, 2]
    expect(kernel.gradient(Float64Array.of(1, 0), grad)).toBe(5);
    expect([...grad]).toEqual([8, 3]);
    kernel.close();
    expect(() => kernel.gradient(Float64Array.of(1, 0), grad)).toThrow(/closed/);
  });

  it('rejects a thread count below 1', () => {
    expect(() => createParallelLinearKernel(x, y, rows, cols, { threads: 0 })).toThrow(RangeError);
  });

  it('lets the process exit after close()', () => {
    const module = new URL('../../src/kernels/node.ts', import.meta.url).href;
    const script = `
      const { createParallelLinearKernel } = await import(${JSON.stringify(module)});
      const kernel = createParallelLinearKernel(new Float64Array(40), new Float64Array(10), 10, 4, { threads: 2 });
      kernel.gradient(new Float64Array(5), new Float64Array(5));
      kernel.close();
      console.log('closed');`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(output.trim()).toBe('closed');
  });
});
