// Fuzzing the expression grammar: generated, mutated, deep, long and unicode inputs — each compiles or is refused with a column.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/diagnose/analyze.js';
import { InputError } from '../../src/errors.js';
import { compileExpression } from '../../src/expr/index.js';
import { expression } from './arbitrary.js';

/** Inputs per run, over all families below; `FUZZ_RUNS=1000000 npx vitest run test/expr/fuzz.test.ts` for more. */
const TOTAL = Number(process.env.FUZZ_RUNS ?? 100_000);
/** Any single input slower than this counts as a hang (a guard against loops, generous for a loaded machine; speed is for benchmarks). */
const HANG_MS = 10_000;

interface Tally {
  inputs: number;
  compiled: number;
  refused: number;
  untyped: string[];
  overflows: string[];
  hangs: string[];
  badMessages: string[];
}

const tally: Tally = {
  inputs: 0,
  compiled: 0,
  refused: 0,
  untyped: [],
  overflows: [],
  hangs: [],
  badMessages: [],
};

/** What a refusal must look like: one line, at most 200 characters, a column inside the input (or just past it). */
function checkRefusal(source: string, error: InputError): void {
  const column = Number(/ at column (\d+)/.exec(error.message)?.[1]);
  const ok =
    !/[\r\n\u2028\u2029]/.test(error.message) &&
    error.message.length <= 200 &&
    column >= 1 &&
    column <= source.length + 1;
  if (!ok) tally.badMessages.push(`${JSON.stringify(source.slice(0, 80))} → ${error.message.slice(0, 240)}`);
}

/**
 * One input through everything a caller may do with it: compile, value, gradient, Hessian at a point,
 * and (with `texts`) the derivative texts and LaTeX. Records instead of throwing, so a run reports
 * every class of failure at once.
 */
function tryInput(source: string, texts: boolean): void {
  tally.inputs += 1;
  const started = performance.now();
  try {
    const f = compileExpression(source);
    const n = f.variables.length;
    const x = Float64Array.from({ length: n }, (_, k) => 0.3 + 0.7 * k);
    f.value(x);
    f.valueAndGradient(x, new Float64Array(n));
    f.hessian(x, new Float64Array(n * n));
    if (texts) {
      f.gradientText();
      f.hessianText();
      f.gradientLatex();
    }
    tally.compiled += 1;
  } catch (error) {
    if (error instanceof InputError) {
      tally.refused += 1;
      checkRefusal(source, error);
    } else if (error instanceof RangeError) tally.overflows.push(source.slice(0, 80));
    else tally.untyped.push(`${JSON.stringify(source.slice(0, 80))} → ${String(error).slice(0, 160)}`);
  }
  if (performance.now() - started > HANG_MS) tally.hangs.push(source.slice(0, 80));
}

const PIECES = [
  ...'xyz0123456789.+-*/^(),; =![]{}"\'e:<>&|%?#$@~`\\_',
  ' ',
  '**',
  '5.',
  '2./',
  '.^',
  '.*',
  'e+',
  '1e',
  'sin(',
  'log(',
  'sqrt(',
  'sigmoid(',
  'pi',
  'foo(',
  'mod',
  'cm',
  'NaN',
  'Infinity',
  'constructor',
  '__proto__',
  '\n',
  '\t',
  'é',
  'λ',
  '×',
  '−',
  '😀',
  '\u0000',
  '\u2028',
  '\ud800',
];

/** Random text over pieces of the grammar and of everything around it. */
const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));

/** A grammatical expression with a few random edits: inserted, deleted or replaced pieces. */
const mutated = fc
  .tuple(
    expression,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...PIECES)), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([source, edits]) => {
    let text = source;
    for (const [at, kind, piece] of edits) {
      const k = text.length === 0 ? 0 : at % text.length;
      if (kind === 'insert') text = text.slice(0, k) + piece + text.slice(k);
      else if (kind === 'delete') text = text.slice(0, k) + text.slice(k + 1);
      else text = text.slice(0, k) + piece + text.slice(k + 1);
    }
    return text;
  });

/** Deep nesting of every kind, around and past the limit of 64. */
const deep = fc
  .tuple(
    fc.constantFrom('(', '-', '+', 'sin(', 'sqrt(', '2^', 'x^', '-(', 'exp(-'),
    fc.integer({ min: 1, max: 3000 }),
    fc.boolean(),
  )
  .map(([open, depth, close]) => {
    const closer = open.endsWith('(') && close ? ')'.repeat(depth) : '';
    return `${open.repeat(depth)}x${closer}`;
  });

/** Long chains of one operator (up to and past the 5,000-character limit) and long names and numbers. */
const long = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('+', '-', '*', '/', '^', '**'),
      fc.constantFrom('x', 'y', '2', 'x1', 'sin(x)'),
      fc.integer({ min: 1, max: 2600 }),
    )
    .map(([op, operand, count]) => Array(count).fill(operand).join(op)),
  fc.integer({ min: 1, max: 6000 }).map((k) => `${'a'.repeat(k)} + 1`),
  fc.integer({ min: 1, max: 6000 }).map((k) => `${'9'.repeat(k)} * x`),
  fc.integer({ min: 1, max: 400 }).map((k) => Array.from({ length: k }, (_, i) => `sin(x+${i})`).join('*')),
);

/** Arbitrary unicode, lone surrogates included. */
const unicode = fc.string({ unit: 'binary', maxLength: 40 });

describe('fuzzing the expression grammar', () => {
  // Families, their share of the inputs, and how often derivative texts are worked out too (the
  // costly part: every 4th generated input, every deep and long one, whose long inputs run to 5,000
  // characters and so get a fixed share).
  const families: Array<[string, fc.Arbitrary<string>, number, number]> = [
    ['generated', expression, 0.2, 4],
    ['mutated', mutated, 0.3, 0],
    ['soup', soup, 0.3, 0],
    ['unicode', unicode, 0.195, 0],
    ['deep', deep, 0.004, 1],
    ['long', long, 0.0006, 1],
  ];

  const runs = families.map(([, , share]) => Math.max(20, Math.round(TOTAL * share)));
  // Rounding's remainder goes to the soup, so that the families add up to TOTAL.
  runs[2]! += Math.max(0, TOTAL - runs.reduce((a, b) => a + b, 0));

  it.each(families.map((family, i) => [...family, runs[i]!] as const))(
    '%s inputs',
    (_name, arbitrary, _share, textsEvery, numRuns) => {
      let k = 0;
      fc.assert(
        fc.property(arbitrary, (source) => {
          k += 1;
          tryInput(source, textsEvery > 0 && k % textsEvery === 0);
        }),
        { numRuns },
      );
    },
  );

  it('analyze finishes, within seconds, on generated expressions and the chains of issue 12', () => {
    const chains = ['(1/(2*e))^x', '(562/((11.+64.)*(8e+2*e)))^z', Array(15).fill('x').join('*')];
    const check = (source: string): void => {
      const started = performance.now();
      try {
        analyze(source);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
      }
      expect(performance.now() - started).toBeLessThan(60_000);
    };
    for (const source of chains) check(source);
    fc.assert(fc.property(expression, check), { numRuns: 25 });
  });

  it('found no untyped error, no stack overflow, no hang and no bad message', () => {
    console.info(
      `expression fuzz: ${tally.inputs} inputs, ${tally.compiled} compiled, ${tally.refused} refused; ` +
        `untyped errors ${tally.untyped.length}, overflows ${tally.overflows.length}, hangs ${tally.hangs.length}, ` +
        `bad messages ${tally.badMessages.length}`,
    );
    expect(tally.inputs).toBeGreaterThanOrEqual(TOTAL * 0.99);
    expect(tally.untyped).toEqual([]);
    expect(tally.overflows).toEqual([]);
    expect(tally.hangs).toEqual([]);
    expect(tally.badMessages).toEqual([]);
  });
});
