// tuneLearningRate(): the sweep keeps the rate a closed form says is best.

import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/expression.js';
import { tuneLearningRate } from '../../src/train/tune-lr.js';

describe('tuneLearningRate', () => {
  it('gd on x² − 4x + 1 from 9: 0.5 = 1/f″ lands on the minimum in one step', () => {
    // x ← x − lr(2x − 4): at lr 0.5 the first step goes to 2 exactly; 0.2 and 0.1 need many steps.
    const t = tuneLearningRate(compileExpression('x^2 - 4*x + 1'), 'gd', { start: Float64Array.of(9) });
    expect(t.learningRate).toBe(0.5);
    expect(t.value).toBe(-3);
    // lr 1 bounces between 9 and −5, and 2, 5, 10 diverge: none of them wins.
    expect(t.tried.find((r) => r.lr === 1)!.status).toBe('oscillating');
    expect(t.tried.find((r) => r.lr === 2)!.status).toBe('diverged');
  });

  it('keeps the fixed settings and can be given its own candidates', () => {
    const f = compileExpression('x^2 + 10*y^2');
    const t = tuneLearningRate(f, 'momentum', {
      start: Float64Array.of(3, 1),
      settings: { momentum: 0.5 },
      candidates: [0.001, 0.05, 0.5],
      maxIterations: 50,
    });
    // 0.5 diverges along y (curvature 20), 0.001 crawls: 0.05 wins.
    expect(t.learningRate).toBe(0.05);
    expect(t.tried).toHaveLength(3);
  });

  it('returns null when every rate diverges', () => {
    const t = tuneLearningRate(compileExpression('x^2'), 'gd', {
      start: Float64Array.of(1),
      candidates: [5, 10],
    });
    expect(t.learningRate).toBeNull();
    expect(t.value).toBeNull();
  });
});
