// Runs of any accepted length keep bounded records: thinned paths and histories, RSS that does not grow with the steps.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { animationFrames } from '../../src/plot/animation.js';
import { curveFigure } from '../../src/plot/curve.js';
import { runSeries } from '../../src/plot/series.js';
import { minimize } from '../../src/train/minimize.js';
import { ThinnedRecord } from '../../src/train/thinned-record.js';

const seed = compileExpression('x^2 - 4*x + 1');
// Gradient descent at lr 1.0 bounces between 9 and −5 for ever (seed 002).
const bounce = (maxIterations: number) =>
  minimize(seed, {
    start: new Float64Array([9]),
    method: createMethod('gd', { learningRate: 1 }),
    maxIterations,
    tol: 0,
    recordPath: true,
  });

describe('ThinnedRecord', () => {
  it('keeps every row up to its limit', () => {
    const record = new ThinnedRecord(1, { limit: 10 });
    for (let k = 0; k < 20; k++) record.push(k, [k * k]);
    expect(Array.from(record.state().steps)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(record.column(0)[19]).toBe(361);
  });

  it('thins evenly past it, keeping the first, the last and the extremes', () => {
    const record = new ThinnedRecord(1, { limit: 100, tracked: [0] });
    const value = (k: number): number => (k === 12_345 ? -50 : k === 54_321 ? 70 : Math.sin(k));
    for (let k = 0; k <= 100_000; k++) record.push(k, [value(k)]);
    const { steps, stride } = record.state();
    expect(record.length).toBeLessThanOrEqual(2 * 100 + 2 + 2);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(100_000);
    expect(Array.from(steps)).toContain(12_345);
    expect(Array.from(steps)).toContain(54_321);
    expect(stride).toBeGreaterThanOrEqual(512);
    for (const k of steps) {
      if (![0, 12_345, 54_321, 100_000].includes(k)) expect(k % stride).toBe(0);
    }
  });

  it('restored from its state, goes on exactly as the original', () => {
    const a = new ThinnedRecord(2, { limit: 50, tracked: [0] });
    for (let k = 0; k < 3000; k++) a.push(k, [Math.cos(k / 7), k]);
    const b = ThinnedRecord.restore(2, a.state(), { limit: 50, tracked: [0] });
    for (let k = 3000; k < 9000; k++) {
      a.push(k, [Math.cos(k / 7), k]);
      b.push(k, [Math.cos(k / 7), k]);
    }
    expect(b.state()).toEqual(a.state());
  });
});

describe('minimize in bounded memory', () => {
  it('records at most about 10,000 iterates whatever the limit, from the start to the end and its extremes', () => {
    const short = bounce(1000);
    expect(short.path!.values.length).toBe(1001);
    for (const n of [100_000, 1_000_000]) {
      const run = bounce(n);
      const path = run.path!;
      expect(run.status).toBe('oscillating');
      expect(run.iterations).toBe(n);
      expect(path.values.length).toBeLessThanOrEqual(10_004);
      expect(path.values.length).toBeGreaterThanOrEqual(5000);
      expect(path.iterations.length).toBe(path.values.length);
      expect(path.iterations[0]).toBe(0);
      expect(path.iterations.at(-1)).toBe(n);
      expect(Math.max(...path.points)).toBe(9);
      expect(Math.min(...path.points)).toBe(-5);
      // The verdict reads the last half of the run, but 65,536 steps at most.
      const window = Math.min(n / 2, 65_536);
      expect(run.message).toContain(`${window} of the last ${window} steps reversed direction`);
    }
  });

  it('streams every iterate to onIterate', () => {
    let count = 0;
    let last = -1;
    minimize(seed, {
      start: new Float64Array([9]),
      method: createMethod('gd', { learningRate: 1 }),
      maxIterations: 200_000,
      tol: 0,
      onIterate: (k) => {
        expect(k).toBe(last + 1);
        last = k;
        count++;
      },
    });
    expect(count).toBe(200_001);
  });

  it("draws a GIF frame whose size does not grow with the run's steps", () => {
    const frameBytes = (n: number): number => {
      const figure = curveFigure({ f: (x) => x * x - 4 * x + 1, runs: runSeries([bounce(n)]) });
      return Math.max(...animationFrames(figure).map((frame) => frame.svg.length));
    };
    const small = frameBytes(20_000);
    const large = frameBytes(2_000_000);
    expect(large).toBeLessThan(small * 1.5);
    expect(large).toBeLessThan(2_000_000);
  });

  it('a CLI run of 10⁷ iterations peaks at about the RSS of one of 10⁶', { timeout: 240_000 }, () => {
    // In a fresh process each: the peak resident memory of the whole process, in kilobytes.
    const cli = new URL('../../dist/cli/main.js', import.meta.url);
    const peak = (maxIter: number, args: string[]): number => {
      // The CLI imported under -e, which sees the arguments after argv[0]: put its own path back first.
      const script = `process.argv.splice(1, 0, ${JSON.stringify(cli.pathname)});
        process.on('exit', () => process.stdout.write('\\nrss ' + process.resourceUsage().maxRSS));
        await import(${JSON.stringify(cli.href)});`;
      const child = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', script, ...args.map((a) => a.replace('MAXITER', String(maxIter)))],
        { encoding: 'utf8', timeout: 200_000 },
      );
      expect(child.stderr).toBe('');
      const rss = Number(/rss (\d+)$/.exec(child.stdout)?.[1]);
      expect(rss).toBeGreaterThan(0);
      return rss;
    };
    const args = [
      'minimize',
      'x^2 - 4*x + 1',
      '--start',
      'x=9',
      '--lr',
      '1.0',
      '--tol',
      '0',
      '--max-iter',
      'MAXITER',
      '--json',
    ];
    const rss6 = peak(1_000_000, args);
    const rss7 = peak(10_000_000, args);
    // Keeping every iterate took 218 MB and 576 MB; now both stay within 40 MB of each other.
    expect(rss7 - rss6).toBeLessThan(40_000);
    const fitArgs = ['fit', '@line', '--lr', '0.05', '--tol', '0', '--epochs', 'MAXITER', '--json'];
    const fit5 = peak(100_000, fitArgs);
    const fit6 = peak(1_000_000, fitArgs);
    expect(fit6 - fit5).toBeLessThan(40_000);
  });
});
