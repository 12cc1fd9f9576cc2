// decisionMapFigure: colour by the most likely class, fading to white at a tie; one shape per class; the legend names the classes.

import { describe, expect, it } from 'vitest';
import { decisionMapFigure } from '../../src/index.js';

describe('decisionMapFigure', () => {
  it('paints certain cells in their class colour, ties nearly white, and merges runs of one colour', () => {
    // Row 0 (top): certain class 0, certain class 0; row 1: a tie, certain class 1.
    const svg = decisionMapFigure({
      probabilities: [1, 0, 1, 0, 0.5, 0.5, 0, 1],
      grid: 2,
      classes: ['left', 'right'],
      x: [0, 1],
      y: [0, 1],
      points: { features: [0.25, 0.75, 0.75, 0.25], labels: [0, 1] },
    }).svg();
    const fills = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    // Each channel is 255 + (c − 255)·t, t = 0.12 + 0.6·confidence. #0072B2 = (0, 114, 178) at t = 0.72:
    // (71.4, 153.5, 199.6) → #4799c8; #D55E00 = (213, 94, 0) → (224.8, 139.1, 71.4) → #e18b47;
    // a tie of the two (confidence 0, class 0 wins) at t = 0.12: (224.4, 238.1, 245.8) → #e0eef6.
    expect(fills).toContain('#4799c8');
    expect(fills).toContain('#e18b47');
    expect(fills).toContain('#e0eef6');
    // The top row is one rectangle, the bottom two.
    expect(fills).toHaveLength(3);
    expect(svg).toMatch(/<circle [^>]*fill="#0072B2"/);
    expect(svg).toMatch(/<path [^>]*fill="#D55E00"/);
    expect(svg).toContain('left');
    expect(svg).toContain('right');
  });
});
