// Parsing and checking: what the grammar accepts, and every refusal with its column.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { compileExpression, formatExpression, parseExpression } from '../../src/expr/index.js';
import { expression } from './arbitrary.js';

function refusal(source: string): string {
  try {
    parseExpression(source);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(source)}`);
}

describe('refusals name the column', () => {
  // [source, message] — columns counted by hand, 1-based.
  const table: Array<[string, string]> = [
    ['x + foo(y)', 'expression: unknown function "foo" at column 5'],
    ['process.exit(1)', 'expression: member access is not allowed at column 8'],
    ['x.constructor', 'expression: member access is not allowed at column 2'],
    ['1 + "a"', 'expression: strings are not allowed at column 5'],
    ["x * 'a'", 'expression: strings are not allowed at column 5'],
    ['x +', 'expression: unexpected end of expression at column 4'],
    ['sin(x) * ', 'expression: unexpected end of expression at column 9'],
    ['', 'expression: the expression is empty at column 1'],
    ['   ', 'expression: the expression is empty at column 1'],
    ['(x + 1', 'expression: unbalanced parentheses: "(" is never closed at column 1'],
    ['(x + (y)', 'expression: unbalanced parentheses: "(" is never closed at column 1'],
    ['x + 1)', 'expression: unbalanced parentheses: ")" has no matching "(" at column 6'],
    ['f = 1', 'expression: assignment is not allowed at column 3'],
    ['x == 1', 'expression: comparison operators are not allowed at column 3'],
    ['x != 1', 'expression: comparison operators are not allowed at column 3'],
    ['x < 1', 'expression: comparison operators are not allowed at column 3'],
    ['x >= 1', 'expression: comparison operators are not allowed at column 3'],
    ['x << 1', 'expression: bit shifts are not allowed at column 3'],
    ['[1, 2]', 'expression: indexing and matrices are not allowed at column 1'],
    ['x[0]', 'expression: indexing and matrices are not allowed at column 2'],
    ['{a: 1}', 'expression: objects are not allowed at column 1'],
    ['1:3', 'expression: ranges are not allowed at column 2'],
    [
      'x + 2 cm',
      'expression: missing operator between "2" and "cm" (implicit multiplication is not allowed: write 2*cm) at column 7',
    ],
    [
      '2x',
      'expression: missing operator between "2" and "x" (implicit multiplication is not allowed: write 2*x) at column 2',
    ],
    [
      '(x)(y)',
      'expression: missing operator between ")" and "(" (implicit multiplication is not allowed: write )*() at column 4',
    ],
    [
      'x y',
      'expression: missing operator between "x" and "y" (implicit multiplication is not allowed: write x*y) at column 3',
    ],
    ['x; y', 'expression: only one expression is allowed at column 2'],
    ['x!', 'expression: factorial "!" is not allowed at column 2'],
    ['x && y', 'expression: logical and bitwise operators are not allowed at column 3'],
    ['x and y', 'expression: logical operators are not allowed at column 3'],
    ['not x', 'expression: logical operators are not allowed at column 1'],
    ['x % 2', 'expression: "%" (modulo) is not allowed at column 3'],
    ['x mod 2', 'expression: "mod" (modulo) is not allowed at column 3'],
    ['2 cm to inch', 'expression: unit conversion ("to") is not allowed at column 6'],
    ['x in cm', 'expression: unit conversion ("in") is not allowed at column 3'],
    ['x ? 1 : 2', 'expression: conditional expressions are not allowed at column 3'],
    ['x # note', 'expression: comments are not allowed at column 3'],
    ["x'", 'expression: strings are not allowed at column 2'],
    ['sin(x, y)', 'expression: function "sin" takes exactly one argument at column 6'],
    ['(x, y)', 'expression: unexpected "," at column 3'],
    ['log()', 'expression: function "log" needs an argument at column 5'],
    ['()', 'expression: empty parentheses at column 2'],
    ['sin x', 'expression: function "sin" needs parentheses, as in sin(x), at column 1'],
    ['2 * exp', 'expression: function "exp" needs parentheses, as in exp(x), at column 5'],
    ['pi(2)', 'expression: "pi" is a constant, not a function at column 1'],
    ['x(2)', 'expression: unknown function "x" at column 1'],
    ['x * / y', 'expression: expected a value, found "/" at column 5'],
    ['x ** * 2', 'expression: expected a value, found "*" at column 6'],
    ['x***2', 'expression: expected a value, found "*" at column 4'],
    ['true + 1', 'expression: "true" is not allowed: booleans are not numbers at column 1'],
    ['x + Infinity', 'expression: "Infinity" is not allowed: numbers must be finite at column 5'],
    ['NaN', 'expression: "NaN" is not allowed at column 1'],
    ['null', 'expression: "null" is not allowed at column 1'],
    ['1e400', 'expression: the number 1e400 is too large at column 1'],
    ['x $ y', 'expression: unexpected character "$" at column 3'],
    ['2 × x', 'expression: unexpected character "×" at column 3'],
    ['x ~ y', 'expression: logical and bitwise operators are not allowed at column 3'],
  ];
  it.each(table)('%j', (source, message) => {
    expect(refusal(source)).toBe(message);
  });

  it('refuses sizes that would overflow the stack of a recursive walk', () => {
    expect(refusal(`${'('.repeat(65)}x${')'.repeat(65)}`)).toBe(
      'expression: parentheses nested more than 64 deep at column 65 (near "…(((((((((((((((((((((x))))))))))))))))))…")',
    );
    expect(refusal(`${'-'.repeat(4999)}x`)).toMatch(
      /^expression: signs, powers and parentheses nested more than 64 deep at column 65 /,
    );
    expect(refusal(`${'2^'.repeat(100)}x`)).toMatch(/nested more than 64 deep at column 130 /);
    expect(refusal(`x${'+x'.repeat(2500)}`)).toBe(
      'expression: the expression is longer than 5000 characters at column 5001 (near "…x+x+x+x+x+x+x+x+x+x+x")',
    );
    // The longest accepted sum is a left-deep tree 2,500 levels down; every walk copes.
    const sum = compileExpression(Array(2500).fill('x').join('+'));
    expect(sum.valueAndGradient(new Float64Array([1]), new Float64Array(1))).toBe(2500);
    expect(sum.gradientText()).toEqual({ x: '2500' });
  });
});

describe('attempts to run code are refused or harmless', () => {
  const attempts = [
    'process.exit(1)',
    'constructor',
    '__proto__',
    'x.constructor',
    'this',
    '"a"',
    "'a'",
    'import("fs")',
    'f = 1',
    '[1,2]',
    'x[0]',
    'evaluate("1")',
    'constructor.constructor("return process")()',
    'require',
    'globalThis',
    'eval',
    'Function',
    'i',
    'import + evaluate * compile',
    'toString + valueOf',
  ];
  it.each(attempts)('%j', (source) => {
    let f: ReturnType<typeof compileExpression>;
    try {
      f = compileExpression(source);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(/^expression: .* at column \d+( \(near ".*"\))?$/);
      return;
    }
    // Accepted: every name is a plain variable, and the value is ordinary arithmetic on the point.
    const point = Float64Array.from(f.variables, (_, k) => k + 3);
    const grad = new Float64Array(f.variables.length);
    expect(Number.isFinite(f.valueAndGradient(point, grad))).toBe(true);
    expect(Object.keys(f.gradientText())).toEqual([...f.variables]);
  });

  it('names mathjs or JavaScript give a meaning to are plain variables', () => {
    const f = compileExpression('i * i + constructor - __proto__ + E * PI');
    expect(f.variables).toEqual(['E', 'PI', '__proto__', 'constructor', 'i']);
    // E=1, PI=2, __proto__=3, constructor=4, i=5: 25 + 4 − 3 + 2 (not −1 from i² = −1).
    expect(f.value(new Float64Array([1, 2, 3, 4, 5]))).toBe(28);
    const gradient = f.gradientText();
    expect(gradient.i).toBe('2 * i');
    expect(Object.getPrototypeOf(gradient)).toBe(Object.prototype);
    expect(Object.hasOwn(gradient, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(gradient, '__proto__')?.value).toBe('-1');
  });

  it('the process is still alive', () => {
    expect(process.exitCode ?? 0).toBe(0);
  });
});

describe('the grammar', () => {
  it('accepts what CONTRACT lists', () => {
    const f = compileExpression(
      'sin(x) + cos(w) - tan(b) * exp(theta1) / log(x_2) ^ sqrt(abs(tanh(sigmoid(y)))) ** 2',
    );
    expect(f.variables).toEqual(['b', 'theta1', 'w', 'x', 'x_2', 'y']);
    expect(compileExpression('-x + +y - -pi * e').variables).toEqual(['x', 'y']);
  });

  it('reads numbers in every decimal form', () => {
    const f = compileExpression('1 + 2.5 + .5 + 5. + 1e3 + 1.5E-2 + 2e+1');
    expect(f.value(new Float64Array(0))).toBe(1 + 2.5 + 0.5 + 5 + 1000 + 0.015 + 20);
  });

  it('gives ** the precedence of ^ and keeps columns right after it', () => {
    const power = parseExpression('-x**2');
    expect(power).toEqual(parseExpression('-x^2'));
    expect(formatExpression(power)).toBe('-x ^ 2');
    expect(refusal('x**2 + foo(1)')).toBe('expression: unknown function "foo" at column 8');
    expect(parseExpression('2**3**2')).toEqual(parseExpression('2^(3^2)'));
  });

  it('takes newlines and tabs as spaces', () => {
    expect(parseExpression('x\n+\ty')).toEqual(parseExpression('x + y'));
  });

  it('follows mathjs precedence: unary minus binds looser than ^ and tighter than *', () => {
    const f = compileExpression('-x^2 * 3 + 2^-x');
    expect(f.value(new Float64Array([2]))).toBe(-12 + 0.25);
  });
});

describe('printing', () => {
  it('prints the text that parses to the same tree', () => {
    fc.assert(
      fc.property(expression, (source) => {
        const tree = parseExpression(source);
        expect(parseExpression(formatExpression(tree))).toEqual(tree);
      }),
      { numRuns: 300 },
    );
  });

  it('prints only the parentheses needed', () => {
    const cases: Array<[string, string]> = [
      ['(1-x)**2 + 100*(y-x^2)^2', '(1 - x) ^ 2 + 100 * (y - x ^ 2) ^ 2'],
      ['a - (b - c)', 'a - (b - c)'],
      ['(a - b) - c', 'a - b - c'],
      ['(a ^ b) ^ c', '(a ^ b) ^ c'],
      ['a ^ (b ^ c)', 'a ^ b ^ c'],
      ['-(-x)', '-(-x)'],
      ['(-x)^2', '(-x) ^ 2'],
      ['-(x*y)', '-(x * y)'],
      ['x / (y * z)', 'x / (y * z)'],
    ];
    for (const [source, text] of cases) expect(formatExpression(parseExpression(source))).toBe(text);
  });
});

describe('fuzzing', () => {
  const alphabet = [...'xy12.+-*/^(),; =![]"\'e', 'sin', 'pi', 'foo', ' ', '**', 'cm', 'mod', '\n'];
  it('any text is either accepted or refused with a column, never a crash', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 14 }), (parts) => {
        const source = parts.join('');
        try {
          parseExpression(source);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const column = Number(/ at column (\d+)$/.exec((error as Error).message)?.[1]);
          expect(column).toBeGreaterThanOrEqual(1);
          expect(column).toBeLessThanOrEqual(source.length + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
