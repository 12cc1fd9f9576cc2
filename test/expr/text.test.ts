// Derivative text and LaTeX: CONTRACT's exact strings, and every text re-parses to the compiled derivative.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  differentiate,
  formatExpression,
  parseExpression,
  simplifyTree,
} from '../../src/expr/index.js';
import { expression, point } from './arbitrary.js';

/** `text` compiled on its own and evaluated at the named point. */
function evaluateText(text: string, values: Readonly<Record<string, number>>): number {
  const f = compileExpression(text);
  return f.value(Float64Array.from(f.variables, (name) => values[name]!));
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 + 1e-7 * Math.abs(expected));
}

describe('CONTRACT derivative strings', () => {
  it('x^2 - 4*x + 1', () => {
    const f = compileExpression('x^2 - 4*x + 1');
    expect(f.gradientText()).toEqual({ x: '2 * x - 4' });
    expect(f.hessianText()).toEqual([['2']]);
  });

  it('a table of closed forms', () => {
    const table: Array<[string, Record<string, string>, string[][]]> = [
      [
        '3*x*y + y^2',
        { x: '3 * y', y: '3 * x + 2 * y' },
        [
          ['0', '3'],
          ['3', '2'],
        ],
      ],
      ['sin(x)', { x: 'cos(x)' }, [['-sin(x)']]],
      ['exp(2*x)', { x: '2 * exp(2 * x)' }, [['4 * exp(2 * x)']]],
      ['log(x)', { x: '1 / x' }, [['-1 / x ^ 2']]],
      ['tan(x)', { x: '1 / cos(x) ^ 2' }, [['2 * sin(x) / cos(x) ^ 3']]],
      // σ′ = σ(1 − σ); σ″ = σ′(1 − σ) − σσ′ = σ(1 − σ)² − σ²(1 − σ).
      [
        'sigmoid(w)',
        { w: 'sigmoid(w) * (1 - sigmoid(w))' },
        [['sigmoid(w) * (1 - sigmoid(w)) ^ 2 - sigmoid(w) ^ 2 * (1 - sigmoid(w))']],
      ],
      [
        '(1-x)^2 + 100*(y-x^2)^2',
        { x: '2 * x - 400 * (y - x ^ 2) * x - 2', y: '200 * y - 200 * x ^ 2' },
        [
          ['1200 * x ^ 2 - 400 * y + 2', '-400 * x'],
          ['-400 * x', '200'],
        ],
      ],
      ['x*x*x*x*x*x*x*x*x*x*x*x*x*x*x', { x: '15 * x ^ 14' }, [['210 * x ^ 13']]],
      ['tanh(x)', { x: '1 - tanh(x) ^ 2' }, [['-2 * tanh(x) * (1 - tanh(x) ^ 2)']]],
      ['sqrt(x)', { x: '1 / (2 * sqrt(x))' }, [['-1 / (4 * x ^ 1.5)']]],
      ['x^(1/3)', { x: '1 / (3 * x ^ (2 / 3))' }, [['-2 / (9 * x ^ (5 / 3))']]],
      [
        'x^2/2 + y^2/3',
        { x: 'x', y: '2 * y / 3' },
        [
          ['1', '0'],
          ['0', '2 / 3'],
        ],
      ],
      ['0.1*x^2', { x: 'x / 5' }, [['0.2']]],
      [
        'exp(-1/x^2)',
        { x: '2 * exp(-1 / x ^ 2) / x ^ 3' },
        [['2 * (2 * exp(-1 / x ^ 2) - 3 * exp(-1 / x ^ 2) * x ^ 2) / x ^ 6']],
      ],
    ];
    for (const [source, gradient, hessian] of table) {
      const f = compileExpression(source);
      expect(f.gradientText()).toEqual(gradient);
      expect(f.hessianText()).toEqual(hessian);
    }
  });

  it('never writes a function outside the grammar (sech, sec, sign, square, nthRoot)', () => {
    const f = compileExpression('tanh(x) + tan(y) + abs(x*y) + sqrt(x) + x^(1/3) + sigmoid(x) * y');
    const texts = [...Object.values(f.gradientText()), ...f.hessianText().flat()];
    for (const text of texts) {
      if (text === null) throw new Error('every derivative of this small expression is shown');
      expect(text).not.toMatch(/sech|sec|csc|cot|sign|square|cube|nthRoot|coth|\bi\b/);
      expect(() => parseExpression(text)).not.toThrow();
    }
  });

  it('keeps exact constants exact and shows them first', () => {
    const tree = differentiate(parseExpression('2^x'), 'x');
    expect(formatExpression(simplifyTree(tree))).toBe('log(2) * 2 ^ x');
    expect(compileExpression('(1/(2*e))^x').gradientText()).toEqual({
      x: 'log(1 / (2 * e)) * (1 / (2 * e)) ^ x',
    });
  });

  it('shows the unsimplified tree when simplification would take too long', () => {
    const tree = differentiate(parseExpression('x*x*x'), 'x');
    expect(simplifyTree(tree, 3)).toBe(tree);
    expect(formatExpression(simplifyTree(tree))).toBe('3 * x ^ 2');
  });

  it('gives null for a derivative too large to show, and stays quick', () => {
    // 300 distinct factors: the gradient has 300 terms of 299 factors each, past any useful display.
    const product = Array.from({ length: 300 }, (_, k) => `sin(x+${k})`).join('*');
    const started = performance.now();
    expect(compileExpression(product).gradientText()).toEqual({ x: null });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('derivative texts re-parse and agree with the compiled derivatives', () => {
  const small = expression.filter((source) => source.length < 90);

  it('gradient texts', () => {
    let compared = 0;
    fc.assert(
      fc.property(small, point, (source, [x, y, z]) => {
        const f = compileExpression(source);
        const values: Record<string, number> = { x, y, z };
        const p = Float64Array.from(f.variables, (name) => values[name]!);
        const grad = new Float64Array(p.length);
        f.valueAndGradient(p, grad);
        const texts = f.gradientText();
        expect(Object.keys(texts)).toEqual(f.variables);
        f.variables.forEach((name, k) => {
          const fromText = evaluateText(texts[name] ?? 'x', values);
          // simplify may cancel x/x or divide by a zero the compiled path multiplies away: compare where both are finite.
          if (!Number.isFinite(fromText) || !Number.isFinite(grad[k]!)) return;
          compared += 1;
          expectClose(fromText, grad[k]!);
        });
      }),
      { numRuns: 150 },
    );
    expect(compared).toBeGreaterThan(80);
  });

  it('Hessian texts', () => {
    let compared = 0;
    fc.assert(
      fc.property(small, point, (source, [x, y, z]) => {
        const f = compileExpression(source);
        const values: Record<string, number> = { x, y, z };
        const p = Float64Array.from(f.variables, (name) => values[name]!);
        const n = p.length;
        const h = new Float64Array(n * n);
        f.hessian(p, h);
        for (const [i, row] of f.hessianText().entries()) {
          for (const [j, text] of row.entries()) {
            if (text === null) continue;
            const fromText = evaluateText(text, values);
            if (!Number.isFinite(fromText) || !Number.isFinite(h[i * n + j]!)) continue;
            compared += 1;
            expectClose(fromText, h[i * n + j]!);
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(20);
  });
});

describe('LaTeX', () => {
  it('writes fractions, powers, functions and Greek names', () => {
    const table: Array<[string, string]> = [
      ['x^2 - 4*x + 1', 'x^{2} - 4 \\cdot x + 1'],
      ['(1-x)^2 + 100*(y-x^2)^2', '\\left(1 - x\\right)^{2} + 100 \\cdot \\left(y - x^{2}\\right)^{2}'],
      ['sqrt(x) / log(theta1)', '\\frac{\\sqrt{x}}{\\ln\\left(\\theta_{1}\\right)}'],
      [
        'abs(x_2) * sigmoid(w_hidden) * pi',
        '\\left|x_{2}\\right| \\cdot \\sigma\\left(w_{hidden}\\right) \\cdot \\pi',
      ],
      ['-(a + b) * rate / 2', '\\frac{-\\left(a + b\\right) \\cdot \\mathrm{rate}}{2}'],
      ['1e-7 * x', '1 \\times 10^{-7} \\cdot x'],
    ];
    for (const [source, latex] of table) expect(compileExpression(source).latex).toBe(latex);
  });

  it('writes the gradient', () => {
    expect(compileExpression('x^2 - 4*x + 1').gradientLatex()).toEqual({ x: '2 \\cdot x - 4' });
  });
});

describe('derivative texts through abs', () => {
  it('x²·log|x|: f′ = 2·x·log|x| + x, not x³/|x|² for the x', () => {
    expect(compileExpression('x^2*log(abs(x))').gradientText()).toEqual({ x: '2 * x * log(abs(x)) + x' });
    expect(compileExpression('abs(x)^2').gradientText()).toEqual({ x: '2 * x' });
  });

  it.each([
    // f, f″ as text, f″ in closed form (x ≠ 0): u^(2k) = |u|^(2k) lets the powers of |x| merge.
    ['abs(x)^1.5', '3 / (4 * sqrt(abs(x)))', (x: number) => 0.75 / Math.sqrt(Math.abs(x))],
    ['abs(x)^3', '6 * abs(x)', (x: number) => 6 * Math.abs(x)],
    ['abs(x)^2.5', '15 * sqrt(abs(x)) / 4', (x: number) => 3.75 * Math.sqrt(Math.abs(x))],
    ['x*abs(x)', '2 * x / abs(x)', (x: number) => 2 * Math.sign(x)],
    // (x²·log|x|)″ = 2·log|x| + 3 by hand; |x|^(2k) and x^(2k) are one form, so the sum's terms collect.
    ['x^2*log(abs(x))', '2 * log(abs(x)) + 3', (x: number) => 2 * Math.log(Math.abs(x)) + 3],
    // x³/|x| = x·|x|, whose f″ is 2·sign x; |x|⁵'s is 20·|x|³.
    ['x^3/abs(x)', '2 * x / abs(x)', (x: number) => 2 * Math.sign(x)],
    ['abs(x)^5', '20 * abs(x) ^ 3', (x: number) => 20 * Math.abs(x) ** 3],
  ])('%s: f″ = %s, equal to its closed form off the kink', (source, text, closed) => {
    const [[entry]] = compileExpression(source).hessianText() as [[string]];
    expect(entry).toBe(text);
    const shown = compileExpression(entry);
    for (const x of [-3.7, -0.2, 1e-3, 0.5, 4.25]) {
      expect(shown.value(Float64Array.of(x))).toBeCloseTo(closed(x), 12);
    }
  });
});
