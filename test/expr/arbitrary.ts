// Random expressions of the grammar for property tests: printed fully parenthesised, over x, y and z.

import fc from 'fast-check';

const FUNCTIONS = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid'] as const;

/** Small numbers as the grammar writes them (no sign: a minus is a unary operator). */
const number = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map(String),
  fc.double({ min: 0.1, max: 3, noNaN: true }).map((v) => v.toFixed(2)),
);

const leaf = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('x', 'y', 'z') },
  { weight: 2, arbitrary: number },
  { weight: 1, arbitrary: fc.constantFrom('pi', 'e') },
);

/**
 * Expression text over x, y, z: every operator of the grammar (`**` as well as `^`), unary signs
 * and all nine functions, each subexpression in parentheses so the shape is the one generated.
 */
export const expression: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(tie('node'), fc.constantFrom('+', '-', '*', '/', '^', '**'), tie('node'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('-', '+'), tie('node')).map(([sign, a]) => `${sign}(${a})`),
    fc.tuple(fc.constantFrom(...FUNCTIONS), tie('node')).map(([fn, a]) => `${fn}(${a})`),
  ),
})).node;

/**
 * A generic coordinate in [−2, 2]: never 0, an integer or a round number, where kinks and poles of
 * generated expressions (abs(x - 1), log(x), 0^x) sit and derivatives are conventions, not maths.
 * Those spots have tests of their own.
 */
const coordinate = fc.integer({ min: -20000, max: 19999 }).map((k) => (k + Math.SQRT1_2) / 10000);

/** A point in [−2, 2]³ for x, y, z. */
export const point = fc.tuple(coordinate, coordinate, coordinate);
