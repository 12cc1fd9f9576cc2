// Points and domains typed on the command line: `x=1,y=2` and `x=-5:5,y=-5:5`, read strictly.

import { InputError } from '../errors.js';
import { quoteToken } from './tokens.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Default half-width of a domain: ±5 for each variable (CONTRACT `analyze --domain`). */
export const DEFAULT_DOMAIN: readonly [number, number] = [-5, 5];

function finite(text: string, flag: string, what: string): number {
  const value = Number(text);
  if (!NUMBER.test(text) || !Number.isFinite(value)) {
    throw new InputError(`${flag}: ${what} must be a finite number, got ${quoteToken(text)}`);
  }
  return value;
}

/**
 * Splits `NAME=REST,NAME=REST` into the index of each name in `variables` and its REST, refusing
 * unknown names, repeats and malformed pairs. An empty text gives no pairs.
 */
function pairs(text: string, variables: readonly string[], flag: string): Array<[number, string]> {
  if (text.trim() === '') return [];
  const seen = new Set<string>();
  return text.split(',').map((part) => {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq < 0 || name === '')
      throw new InputError(`${flag}: expected NAME=VALUE, got ${quoteToken(part.trim())}`);
    const k = variables.indexOf(name);
    if (k < 0) {
      const known = variables.length === 0 ? 'none' : variables.join(', ');
      const list = known.length > 80 ? `${known.slice(0, 76)}, …` : known;
      throw new InputError(
        `${flag}: ${quoteToken(name)} is not a variable of the expression (variables: ${list})`,
      );
    }
    if (seen.has(name)) throw new InputError(`${flag}: ${quoteToken(name)} is given twice`);
    seen.add(name);
    return [k, part.slice(eq + 1).trim()];
  });
}

/**
 * Reads `a=2,b=0.5` as values by name, for names checked elsewhere (a formula's parameters are known
 * only once the data's columns are): malformed pairs, repeats and non-numbers are refused here.
 *
 * @example
 * parseAssignments('a=2,b=0.5', '--params'); // → { a: 2, b: 0.5 }
 */
export function parseAssignments(text: string, flag: string): Record<string, number> {
  const names: string[] = [];
  for (const part of text.split(',')) {
    const name = part.slice(0, part.indexOf('=')).trim();
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  const values: Record<string, number> = {};
  for (const [k, value] of pairs(text, names, flag)) {
    Object.defineProperty(values, names[k]!, {
      value: finite(value, flag, `the value of "${names[k]}"`),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return values;
}

/**
 * Reads a point `x=1,y=2` over `variables` (CONTRACT: a variable left out is 0). Errors name `flag`.
 *
 * @example
 * [...parsePoint('y=2', ['x', 'y'], '--start')]; // → [0, 2]
 * try {
 *   parsePoint('z=1', ['x', 'y'], '--start');
 * } catch (error) {
 *   console.log((error as Error).message); // --start: "z" is not a variable of the expression (variables: x, y)
 * }
 */
export function parsePoint(text: string, variables: readonly string[], flag: string): Float64Array {
  const point = new Float64Array(variables.length);
  for (const [k, value] of pairs(text, variables, flag)) {
    point[k] = finite(value, flag, `the value of "${variables[k]}"`);
  }
  return point;
}

/**
 * Reads a domain `x=-5:5,y=0:1` over `variables` as one [lo, hi] per variable, in `variables`
 * order; a variable left out gets [−5, 5]. Each lo must be below its hi.
 *
 * @example
 * parseDomain('x=0:1', ['x', 'y'], '--domain'); // → [[0, 1], [-5, 5]]
 */
export function parseDomain(
  text: string,
  variables: readonly string[],
  flag: string,
): Array<[number, number]> {
  const domain = variables.map((): [number, number] => [DEFAULT_DOMAIN[0], DEFAULT_DOMAIN[1]]);
  for (const [k, range] of pairs(text, variables, flag)) {
    const name = variables[k]!;
    const ends = range.split(':');
    if (ends.length !== 2)
      throw new InputError(`${flag}: expected ${name}=LO:HI, got ${quoteToken(`${name}=${range}`)}`);
    const lo = finite(ends[0]!.trim(), flag, `the lower end for "${name}"`);
    const hi = finite(ends[1]!.trim(), flag, `the upper end for "${name}"`);
    if (!(lo < hi))
      throw new InputError(`${flag}: the range for "${name}" must have LO < HI, got ${lo}:${hi}`);
    domain[k] = [lo, hi];
  }
  return domain;
}
