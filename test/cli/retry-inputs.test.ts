// Inputs found misbehaving when issue 12's list was tried again as a new user: each refused or run as it should be.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('inputs from the re-try of issue 12', () => {
  it('an expression that starts with "--" is an expression, not an unknown flag', () => {
    const r = runCli(['minimize', '--x^2', '--start', 'x=1', '--max-iter', '2', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).iterations).toBe(2);
    // 5,000 minus signs: refused by the expression's length limit in one short line, then the end of
    // the expression with a caret under its 5,001st character.
    const long = runCli(['minimize', `${'-'.repeat(5000)}x`]);
    expect(long.code).toBe(2);
    expect(long.stderr).toBe(
      `downhill: expression: the expression is longer than 5000 characters at column 5001\n  …${'-'.repeat(59)}x\n  ${' '.repeat(60)}^\n`,
    );
  });

  it('an unknown flag or a stray argument is quoted in a short window', () => {
    const flag = runCli(['minimize', 'x^2', `--bogus-${'a'.repeat(300)}`]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^downhill: unknown flag --bogus-a+… \(see --help\)\n$/);
    expect(flag.stderr.length).toBeLessThan(100);
    const stray = runCli(['minimize', 'x^2', 'x/'.repeat(2500)]);
    expect(stray.code).toBe(2);
    expect(stray.stderr.length).toBeLessThan(100);
  });

  it('numbers in flags are decimal, as in points: 0x10 is refused', () => {
    for (const args of [
      ['minimize', 'x^2', '--lr', '0x10'],
      ['fit', '@line', '--epochs', '0x10'],
      ['minimize', 'x^2', '--max-iter', '0b11'],
    ]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is not a finite number\n$/);
    }
  });

  it('analyze refuses a domain wider than float64 can hold, instead of calling all of it undefined', () => {
    const r = runCli(['analyze', 'x^2', '--domain', 'x=-1e308:1e308']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'downhill: --domain: a range is wider than float64 can hold (hi − lo overflows); narrow it\n',
    );
    expect(runCli(['analyze', 'x^2', '--domain', 'x=-1e307:1e307']).code).toBe(0);
  });

  it('--directions at a cusp is refused with the reason; at a kink the table says no linear estimate holds', () => {
    const cusp = runCli(['analyze', 'sqrt(x)', '--at', 'x=0', '--directions']);
    expect(cusp.code).toBe(2);
    expect(cusp.stderr).toBe(
      "downhill: --directions: f is not differentiable at x = 0: sqrt'(0) is unbounded; f is undefined on one side of it, and the directions need a finite gradient there\n",
    );
    const kink = runCli(['analyze', 'abs(x)', '--at', 'x=0', '--directions']);
    expect(kink.code).toBe(0);
    expect(kink.stdout).toContain('no linear estimate holds at a kink');
    // Both directions increase f: neither is labelled the largest decrease.
    expect(kink.stdout).not.toContain('largest actual decrease');
  });
});
