// The library in a real browser: src/index.ts bundled for the browser and driven in Debian's Chromium.

import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'downhill',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('downhill in Chromium', () => {
  it('bundles for the browser without any Node built-in', () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    expect(bundle).not.toMatch(/require\("node:|from "node:/);
  });

  it('minimizes, explains, fits and draws in the page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: bundle });
    const result = await page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: the bundle's global, typed only inside Node.
      const d = (globalThis as any).downhill;
      const f = d.compileExpression('x^2 - 4*x + 1');
      const runs = [0.01, 1.0, 1.01].map((lr: number) =>
        d.minimize(f, {
          start: new Float64Array([9]),
          method: d.createMethod('gd', { learningRate: lr }),
          maxIterations: 100,
          recordPath: true,
        }),
      );
      const analysis = d.analyze('x^2 - 4*x + 1');
      const data = d.generateDataset('line', { seed: 1 });
      const fitted = d.fit(data, { model: 'linear', optimizer: 'lbfgs', epochs: 200 });
      const svg = d
        .curveFigure({ f: (x: number) => x * x - 4 * x + 1, runs: d.runSeries(runs), variable: 'x' })
        .svg();
      return {
        statuses: runs.map((r: { status: string }) => r.status),
        slowX: runs[0].point[0],
        suggestedLr: runs[1].suggestedLr,
        gradient: f.gradientText(),
        convexity: analysis.convexity.verdict,
        stableBelow: analysis.learningRate.stableBelow,
        fitStatus: fitted.status,
        r2: fitted.metrics.r2,
        svgStart: svg.slice(0, 4),
        wasm: d.kernels.wasmLinearKernelAvailable(1000, 10),
      };
    });
    expect(errors).toEqual([]);
    expect(result.statuses).toEqual(['max-iterations', 'oscillating', 'diverged']);
    expect(result.slowX).toBeCloseTo(2 + 7 * 0.98 ** 100, 12);
    expect(result.suggestedLr).toBe(0.5);
    expect(result.gradient).toEqual({ x: '2 * x - 4' });
    expect(result.convexity).toBe('convex');
    expect(result.stableBelow).toBe(1);
    expect(result.fitStatus).toBe('converged');
    expect(result.r2).toBeGreaterThan(0.9);
    expect(result.svgStart).toBe('<svg');
    expect(result.wasm).toBe(true);
    await page.close();
  });
});
