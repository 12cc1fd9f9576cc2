// --plot on the commands as a user runs them: the pictures' formats, sizes and frames, and refusals.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngSize, readGif } from '../plot/decode.js';
import { runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const dir = tempFolder('plots');

describe('--plot', () => {
  it('races the seed story in one GIF under 2 MB', () => {
    const file = join(dir, 'race.gif');
    const { code } = runCli([
      'compare',
      'x^2 - 4*x + 1',
      '--start',
      'x=9',
      '--lr',
      '0.01,0.9,1.0,1.01',
      '--max-iter',
      '100',
      '--plot',
      file,
    ]);
    expect(code).toBe(0);
    const bytes = readFileSync(file);
    const gif = readGif(bytes);
    // Four runs' rows would hide part of the zig-zag in any corner: the legend takes a panel under the plot.
    expect(gif.width).toBe(800);
    expect(gif.height).toBeGreaterThan(600);
    expect(gif.frames).toBeGreaterThanOrEqual(50);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
  });

  it('draws a minimize run as PNG at --size', () => {
    const file = join(dir, 'bowl.png');
    const { code } = runCli([
      'minimize',
      'x^2 + 10*y^2',
      '--start',
      'x=3,y=1',
      '--lr',
      '0.09',
      '--plot',
      file,
      '--size',
      '640x480',
    ]);
    expect(code).toBe(0);
    expect(pngSize(readFileSync(file))).toEqual([640, 480]);
  });

  it("plays seed 001's line fit epoch by epoch: one frame per epoch and the start", () => {
    const file = join(dir, 'line.gif');
    const { code } = runCli(['fit', '@line', '--lr', '0.05', '--epochs', '20', '--tol', '0', '--plot', file]);
    expect(code).toBe(0);
    expect(readGif(readFileSync(file)).frames).toBe(21);
  });

  it('draws the (m, c) cost surface, and only for a one-feature line', () => {
    const file = join(dir, 'surface.svg');
    expect(runCli(['fit', '@line', '--lr', '0.05', '--epochs', '20', '--plot', file, '--surface']).code).toBe(
      0,
    );
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/E\(m, c\)/);
    const refused = runCli([
      'fit',
      '@iris',
      '--model',
      'softmax',
      '--plot',
      join(dir, 'no.svg'),
      '--surface',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--surface: .*one feature/);
    expect(existsSync(join(dir, 'no.svg'))).toBe(false);
  });

  it('refuses an unknown picture format before training', () => {
    const { code, stderr } = runCli(['fit', '@line', '--plot', join(dir, 'fit.jpg')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--plot: .* must end in \.svg, \.png or \.gif/);
  });
});
