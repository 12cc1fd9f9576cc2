// `downhill fit --formula`: curve fitting from the command line, lm's JSON, and formula mistakes as bad input.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const folder = tempFolder('formula');
const csv = join(folder, 'decay.csv');
// y = 3·exp(−t) + 0.5, with a wobble of ±0.01 so that the standard errors are not zero.
writeFileSync(
  csv,
  `t,y\n${Array.from({ length: 30 }, (_, i) => {
    const t = i / 4;
    return `${t},${3 * Math.exp(-t) + 0.5 + 0.01 * Math.sin(5 * i)}`;
  }).join('\n')}\n`,
);
const base = ['fit', csv, '--target', 'y', '--formula', 'a*exp(-b*t) + c', '--params', 'a=2,b=0.5'];

describe('downhill fit --formula', () => {
  it('fits with lm and prints CONTRACT JSON: model formula, parameters by name, standard errors, evaluations', () => {
    const run = runCli([...base, '--optimizer', 'lm', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.status).toBe('converged');
    expect(result.model).toBe('formula');
    expect(Object.keys(result.parameters)).toEqual(['a', 'b', 'c']);
    expect(result.parameters.a).toBeCloseTo(3, 1);
    expect(result.parameters.b).toBeCloseTo(1, 1);
    expect(result.parameters.c).toBeCloseTo(0.5, 1);
    expect(Object.keys(result.standardErrors)).toEqual(['a', 'b', 'c']);
    for (const se of Object.values(result.standardErrors)) expect(se).toBeGreaterThan(0);
    expect(result.evaluations.residual).toBeGreaterThan(result.evaluations.jacobian);
    expect(result.evaluations.jacobian).toBe(result.epochs);
    expect(result.optimizer.name).toBe('lm');
    expect(result.optimizer).not.toHaveProperty('lr');
  });

  it('fits with any other optimizer too, without lm evaluation counts', () => {
    const result = JSON.parse(runCli([...base, '--optimizer', 'lbfgs', '--json']).stdout);
    expect(result.status).toBe('converged');
    expect(result.parameters.b).toBeCloseTo(1, 1);
    expect(result).not.toHaveProperty('evaluations');
    expect(result.standardErrors.a).toBeGreaterThan(0);
  });

  it('fits linear and poly:D models with lm', () => {
    for (const model of ['linear', 'poly:2']) {
      const result = JSON.parse(
        runCli(['fit', csv, '--target', 'y', '--model', model, '--optimizer', 'lm', '--json']).stdout,
      );
      expect(result.status).toBe('converged');
      expect(result.evaluations.jacobian).toBeLessThanOrEqual(3);
    }
  });

  const mistakes: [string, string[], RegExp][] = [
    [
      'a formula that reads no column',
      ['--formula', 'a*exp(-b*time)'],
      /uses no column of the data.*is "time" \(column 10 of the formula\) meant to be the column "t"\?\n/,
    ],
    [
      'a column named as a parameter',
      ['--formula', 'a*t', '--params', 't=1'],
      /"t" is a column of the data, not a parameter/,
    ],
    ['a malformed formula', ['--formula', 'a*(t'], /formula.*column 3/],
    [
      'a learning rate for lm',
      ['--formula', 'a*t', '--optimizer', 'lm', '--lr', '0.1'],
      /--lr does not apply to lm/,
    ],
    [
      'mini-batches for lm',
      ['--formula', 'a*t', '--optimizer', 'lm', '--batch-size', '4'],
      /lm needs the whole training set/,
    ],
    [
      'another loss for lm',
      ['--formula', 'a*t', '--optimizer', 'lm', '--loss', 'mae'],
      /lm fits sums of squares/,
    ],
    ['--params without a formula', ['--params', 'a=1'], /--params gives the starting values of a --formula/],
  ];
  for (const [what, flags, message] of mistakes) {
    it(`refuses ${what} with exit code 2 and one line`, () => {
      const run = runCli(['fit', csv, '--target', 'y', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      // One message; one about a place in the formula is followed by the formula and a caret under it.
      const [first, ...more] = run.stderr.trimEnd().split('\n');
      expect(first).toMatch(/^downhill: /);
      if (more.length > 0) {
        expect(more).toEqual([`  ${flags[1]}`, expect.stringMatching(/^ +\^$/)]);
        const column = Number(/column (\d+)/.exec(first!)![1]);
        expect(more[1]!.length - 2).toBe(column);
      }
    });
  }
});
