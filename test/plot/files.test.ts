// Writing pictures: formats by ending, PNG and GIF bytes decoded by hand, bad endings write nothing.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { plotCommand } from '../../src/cli/plot.js';
import { writeRunPlot } from '../../src/cli/plot-file.js';
import { parseSize } from '../../src/cli/plot-format.js';
import { InputError } from '../../src/errors.js';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import { compare } from '../../src/train/compare.js';
import { pngSize, readGif } from './decode.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-plot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

const seed002 = () => {
  const f = compileExpression('x^2 - 4*x + 1');
  const methods = [0.01, 0.9, 1.0, 1.01].map((lr) => createMethod('gd', { learningRate: lr }));
  return {
    f,
    runs: compare(f, methods, { start: new Float64Array([9]), maxIterations: 100, recordPath: true }),
  };
};

describe('parseSize', () => {
  it('reads WIDTHxHEIGHT and rejects the rest', () => {
    expect(parseSize('1024x768')).toEqual([1024, 768]);
    expect(parseSize('640×480')).toEqual([640, 480]);
    expect(() => parseSize('big')).toThrow(InputError);
    expect(() => parseSize('50x50')).toThrow(/100 to 4000/);
  });
});

describe('writeRunPlot', () => {
  it('races seed 002 (lr 0.01, 0.9, 1.0, 1.01) in a 100-frame GIF under 2 MB', async () => {
    const { f, runs } = seed002();
    const file = join(dir, 'race.gif');
    await writeRunPlot(file, f, runs);
    const bytes = new Uint8Array(readFileSync(file));
    const gif = readGif(bytes);
    // Four rows hide part of the zig-zag in every corner, so the legend takes a panel under the plot.
    expect(gif.width).toBe(800);
    expect(gif.height).toBeGreaterThan(600);
    expect(gif.frames).toBe(100);
    expect(gif.delays).toHaveLength(100);
    expect(gif.delays.slice(0, -1).every((d) => d === 8)).toBe(true);
    expect(gif.delays.at(-1)).toBe(200);
    expect(gif.loops).toBe(true);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
  });

  it('draws contours for two variables as PNG at the size asked for', async () => {
    const f = compileExpression('x^2 + 10*y^2');
    const runs = compare(f, [createMethod('gd', { learningRate: 0.05 })], {
      start: new Float64Array([3, 1]),
      maxIterations: 50,
      recordPath: true,
    });
    const file = join(dir, 'bowl.png');
    await writeRunPlot(file, f, runs, { size: [640, 480] });
    expect(pngSize(new Uint8Array(readFileSync(file)))).toEqual([640, 480]);
  });

  it('draws value curves for more than two variables', async () => {
    const f = compileExpression('x^2 + y^2 + z^2 - 2*x');
    const runs = compare(f, [createMethod('gd', { learningRate: 0.1 })], {
      start: new Float64Array([3, 2, 1]),
      maxIterations: 40,
      recordPath: true,
    });
    const file = join(dir, 'loss.svg');
    await writeRunPlot(file, f, runs);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('f − min f');
    expect(svg).not.toMatch(/NaN/);
  });

  it('checks the ending before any work and writes nothing for a bad one', async () => {
    const f = compileExpression('x^2');
    // Runs without a recorded path would fail in drawing; the ending must be refused first.
    const runs = compare(f, [createMethod('gd', {})], { start: new Float64Array([1]), maxIterations: 3 });
    const file = join(dir, 'plot.jpg');
    await expect(writeRunPlot(file, f, runs)).rejects.toThrow(InputError);
    await expect(writeRunPlot(file, f, runs)).rejects.toThrow('--plot: "');
    expect(existsSync(file)).toBe(false);
  });
});

describe('plotCommand', () => {
  it('writes a curve with its derivative as SVG', async () => {
    const file = join(dir, 'parabola.svg');
    await plotCommand.run(['x^2 - 4*x + 1', '--output', file]);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('f(x) = x² − 4·x + 1');
    expect(svg).toContain('class="derivative"');
  });

  it('writes contours, and a surface with --surface, as PNG at --size', async () => {
    const contours = join(dir, 'rosenbrock.png');
    await plotCommand.run([
      '(1-x)^2 + 100*(y-x^2)^2',
      '--domain',
      'x=-2:2,y=-1:3',
      '-o',
      contours,
      '--size',
      '400x300',
    ]);
    expect(pngSize(new Uint8Array(readFileSync(contours)))).toEqual([400, 300]);
    const surface = join(dir, 'surface.svg');
    await plotCommand.run(['x^2 + 10*y^2', '--surface', '-o', surface]);
    expect(readFileSync(surface, 'utf8')).toContain('class="surface"');
  });

  it('writes a one-frame GIF for a function alone', async () => {
    const file = join(dir, 'alone.gif');
    await plotCommand.run(['sin(x)', '-o', file, '--size', '200x150']);
    const gif = readGif(new Uint8Array(readFileSync(file)));
    // sin and cos cross every corner of so small a plot: the legend of f and f′ goes under it.
    expect([gif.width, gif.frames]).toEqual([200, 1]);
    expect(gif.height).toBeGreaterThan(150);
  });

  it('refuses bad input with InputError and writes nothing', () => {
    const before = readdirSync(dir).length;
    expect(() => plotCommand.run(['x^2', '-o', join(dir, 'f.pdf')])).toThrow(
      /must end in .svg, .png or .gif/,
    );
    expect(() => plotCommand.run(['x^2'])).toThrow(InputError);
    expect(() => plotCommand.run(['x + y + z', '-o', join(dir, 'f.svg')])).toThrow(/1 or 2 variables/);
    expect(() => plotCommand.run(['x^2', '--surface', '-o', join(dir, 'f.svg')])).toThrow(/--surface/);
    expect(() => plotCommand.run(['x^2', '--size', '10', '-o', join(dir, 'f.svg')])).toThrow(InputError);
    expect(readdirSync(dir).length).toBe(before);
  });
});
