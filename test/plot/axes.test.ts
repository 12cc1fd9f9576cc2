// Tick labels on log axes: powers of ten over wide spans, labelled intermediate values over narrow ones.

import { scaleLog } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { tickLabel, ticks } from '../../src/plot/axes.js';
import { lossCurvesFigure } from '../../src/plot/index.js';

const logTicks = (lo: number, hi: number, count = 8): string[] =>
  ticks({ kind: 'log', scale: scaleLog([lo, hi], [548, 60]) }, count).map((t) => t.label);

describe('log axis ticks', () => {
  it('labels powers of ten, aligned so that 10⁰ shows when it is in range', () => {
    expect(logTicks(1e-6, 1)).toEqual(['10⁻⁶', '10⁻⁵', '10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '10⁰']);
    // 18 decades at 8 ticks: every third power, on multiples of 3.
    expect(logTicks(5e-17, 30)).toEqual(['10⁻¹⁵', '10⁻¹²', '10⁻⁹', '10⁻⁶', '10⁻³', '10⁰']);
  });

  it('labels intermediate ticks when the span is under two decades', () => {
    expect(logTicks(2e-3, 8e-3)).toEqual(['0.002', '0.003', '0.004', '0.005', '0.006', '0.007', '0.008']);
    expect(logTicks(3e-4, 2e-2)).toEqual(['5×10⁻⁴', '10⁻³', '2×10⁻³', '5×10⁻³', '10⁻²', '2×10⁻²']);
    expect(logTicks(1.2e-7, 3.4e-7)).toEqual(['2×10⁻⁷', '3×10⁻⁷']);
    expect(logTicks(0.05, 0.9)).toEqual(['0.05', '0.1', '0.2', '0.5']);
  });

  it('labels a span narrower than one step of 1…9 with round values', () => {
    expect(logTicks(7.183e-11, 7.478e-11)).toEqual([
      '7.20×10⁻¹¹',
      '7.25×10⁻¹¹',
      '7.30×10⁻¹¹',
      '7.35×10⁻¹¹',
      '7.40×10⁻¹¹',
      '7.45×10⁻¹¹',
    ]);
    expect(logTicks(0.001, 0.0015)).toEqual(['0.0010', '0.0011', '0.0012', '0.0013', '0.0014', '0.0015']);
  });

  it('gives every span from 10⁻²⁰ up at least two distinct labels inside it', () => {
    // A fixed grid of spans (no randomness in a pass/fail test): lows every 0.37 decade, widths 0.002 to 3 decades.
    for (let a = -20; a < 4; a += 0.37) {
      for (const w of [0.002, 0.02, 0.1, 0.3, 0.7, 1, 1.5, 2, 3]) {
        const lo = 10 ** a;
        const hi = lo * 10 ** w;
        const inside = ticks({ kind: 'log', scale: scaleLog([lo, hi], [548, 60]) }, 8).filter(
          (t) => t.value >= lo * (1 - 1e-12) && t.value <= hi * (1 + 1e-12) && t.label !== '',
        );
        expect(inside.length, `${lo} to ${hi}`).toBeGreaterThanOrEqual(2);
        expect(new Set(inside.map((t) => t.label)).size).toBe(inside.length);
      }
    }
  });

  it('writes one style per label', () => {
    expect(tickLabel(0.002, -3, false)).toBe('0.002');
    expect(tickLabel(2e-7, -7, true)).toBe('2×10⁻⁷');
    expect(tickLabel(1e-6, -6, true)).toBe('10⁻⁶');
    expect(tickLabel(2.5e-12, -13, true)).toBe('2.5×10⁻¹²');
  });

  it('puts the labels in a loss-curve SVG whose values all lie below 1', () => {
    const values = Array.from({ length: 100 }, (_, k) => 0.004 * 0.99 ** k);
    const svg = lossCurvesFigure({ series: [{ label: 'gd', values }] }).svg();
    const axes = svg.slice(svg.indexOf('<g class="axes"'));
    const labels = Array.from(axes.matchAll(/text-anchor="end" font-size="[\d.]+">([^<]+)</g), (m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(labels).toContain('10⁻³');
  });
});
