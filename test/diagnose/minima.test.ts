// Local minima in a domain, against minima known from the literature and closed forms.

import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/diagnose/enclosure.js';
import { localMinima } from '../../src/diagnose/minima.js';
import { compileExpression } from '../../src/expr/expression.js';

const square = (n: number, lo = -5, hi = 5): Box => Array.from({ length: n }, () => ({ lo, hi }));

describe('localMinima', () => {
  it('x² − 4x + 1: the vertex x = 2, value −3 exactly (snapped from rounding noise)', () => {
    expect(localMinima(compileExpression('x^2 - 4*x + 1'), square(1))).toEqual([
      { point: { x: 2 }, value: -3 },
    ]);
  });

  it("Himmelblau's four minima, all with value 0", () => {
    // Himmelblau (1972); the three irrational minima to 6 decimals as usually tabulated.
    const known = [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ];
    const minima = localMinima(compileExpression('(x^2 + y - 11)^2 + (x + y^2 - 7)^2'), square(2));
    expect(minima).toHaveLength(4);
    for (const [x, y] of known) {
      const match = minima.find((m) => Math.abs(m.point.x! - x!) < 1e-6 && Math.abs(m.point.y! - y!) < 1e-6);
      expect(match, `minimum near (${x}, ${y})`).toBeDefined();
      expect(Math.abs(match!.value)).toBeLessThan(1e-12);
    }
    expect(minima.find((m) => m.point.x === 3)).toEqual({ point: { x: 3, y: 2 }, value: 0 });
  });

  it('Booth: (1, 3) with value 0', () => {
    expect(localMinima(compileExpression('(x + 2*y - 7)^2 + (2*x + y - 5)^2'), square(2))).toEqual([
      { point: { x: 1, y: 3 }, value: 0 },
    ]);
  });

  it('Rosenbrock: (1, 1) with value 0', () => {
    expect(localMinima(compileExpression('(1-x)^2 + 100*(y-x^2)^2'), square(2))).toEqual([
      { point: { x: 1, y: 1 }, value: 0 },
    ]);
  });

  it('sin(x) on [−5, 5]: −π/2 and 3π/2, value −1, lowest first then by position', () => {
    const minima = localMinima(compileExpression('sin(x)'), square(1));
    expect(minima.map((m) => m.point.x)).toEqual([
      expect.closeTo(-Math.PI / 2, 9),
      expect.closeTo((3 * Math.PI) / 2, 9),
    ]);
    for (const m of minima) expect(m.value).toBe(-1);
  });

  it('keeps the degenerate minimum of x⁴ and rejects the inflection point of x³', () => {
    expect(localMinima(compileExpression('x^4'), square(1))).toEqual([{ point: { x: 0 }, value: 0 }]);
    expect(localMinima(compileExpression('x^3'), square(1))).toEqual([]);
  });

  it('reports a valley of minima once, marked not isolated', () => {
    const minima = localMinima(compileExpression('(x - 2*y)^2 + z^2'), square(3));
    expect(minima).toHaveLength(1);
    const { point, value, isolated } = minima[0]!;
    expect(point.x! - 2 * point.y!).toBeCloseTo(0, 9);
    expect(point.z).toBeCloseTo(0, 9);
    expect([value, isolated]).toEqual([0, false]);
  });

  it('reports only minima inside the domain, at most `limit` of them, sorted by value', () => {
    expect(localMinima(compileExpression('(x - 7)^2'), square(1))).toEqual([]);
    const lattice = localMinima(compileExpression('sin(x) + sin(y) + 0.01 * x'), square(2, -20, 20), {
      limit: 5,
    });
    expect(lattice).toHaveLength(5);
    for (let k = 1; k < lattice.length; k++)
      expect(lattice[k]!.value).toBeGreaterThanOrEqual(lattice[k - 1]!.value);
    // The tilt 0.01·x makes the lowest minima those furthest left: x ≈ −π/2 − 2πk.
    expect(lattice[0]!.point.x).toBeLessThan(-10);
  });
});
