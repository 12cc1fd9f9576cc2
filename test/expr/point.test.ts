// Points and domains from the command line: CONTRACT's NAME=VALUE lists, read strictly.

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseDomain, parsePoint } from '../../src/expr/index.js';

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('parsePoint', () => {
  const xy = ['x', 'y'];

  it('reads values in variable order; a variable left out starts at 0', () => {
    expect([...parsePoint('x=1,y=2', xy, '--start')]).toEqual([1, 2]);
    expect([...parsePoint('y=-2.5e-1, x = .5', xy, '--start')]).toEqual([0.5, -0.25]);
    expect([...parsePoint('y=3', xy, '--start')]).toEqual([0, 3]);
    expect([...parsePoint('', xy, '--start')]).toEqual([0, 0]);
  });

  it('keeps names JavaScript gives a meaning to as plain names', () => {
    expect([...parsePoint('__proto__=1,constructor=2', ['__proto__', 'constructor'], '--at')]).toEqual([
      1, 2,
    ]);
  });

  const table: Array<[string, string]> = [
    ['z=1', '--start: "z" is not a variable of the expression (variables: x, y)'],
    ['x=1,x=2', '--start: "x" is given twice'],
    ['x', '--start: expected NAME=VALUE, got "x"'],
    ['=1', '--start: expected NAME=VALUE, got "=1"'],
    ['x=1,,y=2', '--start: expected NAME=VALUE, got ""'],
    ['x=', '--start: the value of "x" must be a finite number, got ""'],
    ['x=abc', '--start: the value of "x" must be a finite number, got "abc"'],
    ['x=Infinity', '--start: the value of "x" must be a finite number, got "Infinity"'],
    ['x=NaN', '--start: the value of "x" must be a finite number, got "NaN"'],
    ['x=1e999', '--start: the value of "x" must be a finite number, got "1e999"'],
    ['x=0x10', '--start: the value of "x" must be a finite number, got "0x10"'],
    ['x=1;y=2', '--start: the value of "x" must be a finite number, got "1;y=2"'],
  ];
  it.each(table)('refuses %j', (text, message) => {
    expect(refusal(() => parsePoint(text, xy, '--start'))).toBe(message);
  });

  it('names the variables as "none" for an expression without any', () => {
    expect(refusal(() => parsePoint('x=1', [], '--at'))).toBe(
      '--at: "x" is not a variable of the expression (variables: none)',
    );
  });
});

describe('parseDomain', () => {
  const xy = ['x', 'y'];

  it('reads ranges; a variable left out gets ±5', () => {
    expect(parseDomain('x=-5:5,y=-5:5', xy, '--domain')).toEqual([
      [-5, 5],
      [-5, 5],
    ]);
    expect(parseDomain('y=0:1e-3', xy, '--domain')).toEqual([
      [-5, 5],
      [0, 0.001],
    ]);
    expect(parseDomain('', xy, '--domain')).toEqual([
      [-5, 5],
      [-5, 5],
    ]);
    expect(parseDomain('x=-2:-1', xy, '--domain')).toEqual([
      [-2, -1],
      [-5, 5],
    ]);
  });

  const table: Array<[string, string]> = [
    ['x=1:1', '--domain: the range for "x" must have LO < HI, got 1:1'],
    ['x=2:1', '--domain: the range for "x" must have LO < HI, got 2:1'],
    ['x=1', '--domain: expected x=LO:HI, got "x=1"'],
    ['x=1:2:3', '--domain: expected x=LO:HI, got "x=1:2:3"'],
    ['x=:2', '--domain: the lower end for "x" must be a finite number, got ""'],
    ['x=0:inf', '--domain: the upper end for "x" must be a finite number, got "inf"'],
    ['w=0:1', '--domain: "w" is not a variable of the expression (variables: x, y)'],
    ['x=0:1,x=0:2', '--domain: "x" is given twice'],
  ];
  it.each(table)('refuses %j', (text, message) => {
    expect(refusal(() => parseDomain(text, xy, '--domain'))).toBe(message);
  });
});

describe('messages about points stay one short line', () => {
  it('quotes long values and names by their first characters', () => {
    const long = 'w'.repeat(5000);
    for (const text of [`x=${'9'.repeat(5000)}z`, `${long}=1`, `x=1,${long}`]) {
      let message = '';
      try {
        parsePoint(text, ['x', 'y'], '--start');
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^--start: /);
      expect(message.length).toBeLessThanOrEqual(200);
    }
  });
});
