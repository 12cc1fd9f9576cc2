// SVG building blocks: numbers never NaN, escaping, polyline clipping worked out by hand.

import { describe, expect, it } from 'vitest';
import { frameSteps } from '../../src/plot/animation.js';
import { clipPolyline } from '../../src/plot/clip.js';
import { formatValue, prettyFormula } from '../../src/plot/format.js';
import { contourLevels } from '../../src/plot/levels.js';
import { element, escapeXml, polylineData, svgNumber, text } from '../../src/plot/svg.js';
import { pathView } from '../../src/plot/view.js';

describe('svg strings', () => {
  it('writes numbers to 2 decimals and refuses non-finite ones', () => {
    expect(svgNumber(1 / 3)).toBe('0.33');
    expect(svgNumber(-0.001)).toBe('0');
    expect(() => svgNumber(Number.NaN)).toThrow(/non-finite/);
    expect(() => element('circle', { r: Number.POSITIVE_INFINITY })).toThrow(/non-finite/);
  });
  it('escapes text and attributes', () => {
    expect(escapeXml('a < b & "c"')).toBe('a &lt; b &amp; &quot;c&quot;');
    expect(text('f < 1', { x: 5, y: 5 })).toBe('<text x="5" y="5">f &lt; 1</text>');
    expect(element('g', { id: undefined, class: 'a"b' })).toBe('<g class="a&quot;b"/>');
  });
  it('joins polyline pieces', () => {
    expect(
      polylineData([
        [
          [0, 0],
          [10, 5],
        ],
        [[1, 1]],
      ]),
    ).toBe('M0 0L10 5');
  });
});

describe('clipPolyline', () => {
  const box = { left: 0, top: 0, width: 100, height: 100 };
  it('cuts a segment at the edge, keeping its direction', () => {
    // (50,50) → (250,150): leaves x = 100 at t = 0.25, where y = 75.
    expect(
      clipPolyline(
        [
          [50, 50],
          [250, 150],
        ],
        box,
      ),
    ).toEqual([
      [
        [50, 50],
        [100, 75],
      ],
    ]);
  });
  it('keeps the part of a segment crossing the box from outside to outside', () => {
    expect(
      clipPolyline(
        [
          [-50, 50],
          [150, 50],
        ],
        box,
      ),
    ).toEqual([
      [
        [0, 50],
        [100, 50],
      ],
    ]);
  });
  it('breaks the line at a non-finite point and drops segments entirely outside', () => {
    const pieces = clipPolyline(
      [
        [10, 10],
        [20, 20],
        [Number.NaN, 0],
        [30, 30],
        [40, 40],
        [500, 500],
        [600, 600],
      ],
      box,
    );
    expect(pieces).toEqual([
      [
        [10, 10],
        [20, 20],
      ],
      [
        [30, 30],
        [40, 40],
        [100, 100],
      ],
    ]);
  });
});

describe('text and choices', () => {
  it('typesets formulas and values', () => {
    expect(prettyFormula('x^2 - 4*x + 1')).toBe('x² − 4·x + 1');
    expect(prettyFormula('x**10 * y')).toBe('x¹⁰·y');
    expect(formatValue(-2.99999871)).toBe('−3');
    expect(formatValue(Number.NaN)).toBe('not a number');
    expect(formatValue(Number.NEGATIVE_INFINITY)).toBe('−∞');
    expect(formatValue(1.5e12)).toBe('1.5e12');
  });
  it('samples animation steps evenly, first and last included', () => {
    expect(frameSteps(4, 100)).toEqual([0, 1, 2, 3, 4]);
    expect(frameSteps(1000, 3)).toEqual([0, 500, 1000]);
    expect(frameSteps(0)).toEqual([0]);
  });
  it('spaces contour levels evenly for a narrow range and geometrically for a wide one', () => {
    expect(contourLevels([0, 1, 2, 3, 4], 4)).toEqual({ thresholds: [1, 2, 3], log: false });
    const wide = Array.from({ length: 1000 }, (_, i) => (i / 100) ** 6);
    const { thresholds, log } = contourLevels(wide, 10);
    expect(log).toBe(true);
    const ratios = thresholds.slice(1).map((t, i) => t / thresholds[i]!);
    for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 6);
  });
  it('follows a diverging path only a little beyond the core window', () => {
    // Seed 002 at lr 1.01 from x = 9: x_k = 2 + 7·(−1.02)^k grows without bound.
    const xs = Array.from({ length: 101 }, (_, k) => 2 + 7 * (-1.02) ** k);
    const stable = [9, -5];
    const [[lo, hi]] = pathView(
      [
        { label: 'lr 1', dimension: 1, points: stable, values: [46, 46], status: 'oscillating' },
        {
          label: 'lr 1.01',
          dimension: 1,
          points: xs,
          values: xs.map((x) => x * x - 4 * x + 1),
          status: 'diverged',
        },
      ],
      1,
    ) as [[number, number]];
    // The core is [−5.14, 9]; a diverged run may widen it to 1.25 × its span, plus 6% padding.
    expect(lo).toBeGreaterThan(-8);
    expect(hi).toBeLessThan(12);
    expect(lo).toBeLessThan(-5.14);
  });
});
