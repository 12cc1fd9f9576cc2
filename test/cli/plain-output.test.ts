// Plain output: piped, or on a terminal with NO_COLOR or TERM=dumb, downhill prints no escape codes and no carriage-return redraws.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath } from './run-cli.js';

const ESC = '\x1b';

/** stdout and stderr of a command run with its output piped. */
function piped(args: readonly string[], env: Record<string, string> = {}): string {
  const run = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout + run.stderr;
}

const commands: readonly (readonly string[])[] = [
  ['minimize', 'x^2 - 4*x + 1', '--start', 'x=9', '--lr', '0.1'],
  ['compare', 'x^2 - 4*x + 1', '--start', 'x=9', '--optimizer', 'gd,adam', '--lr', '0.1'],
  // Long enough that the progress bar would be drawn (after a second) on a terminal.
  ['fit', '@line', '--epochs', '300000', '--tol', '0'],
  ['analyze', 'x^2 + 10*y^2'],
  ['datasets'],
  ['story'],
  ['--help'],
  ['help', 'fit'],
];

describe('plain output when piped', () => {
  for (const args of commands) {
    it(`downhill ${args.join(' ')}: no escape codes, no carriage returns, with and without NO_COLOR`, () => {
      for (const env of [{}, { NO_COLOR: '1' }]) {
        const text = piped(args, env);
        expect(text.length).toBeGreaterThan(0);
        expect(text.includes(ESC)).toBe(false);
        expect(text.includes('\r')).toBe(false);
      }
    }, 60_000);
  }
});

// util-linux's `script` runs a command on a pseudo-terminal, as a person's shell would.
const hasScript = spawnSync('script', ['--version']).status === 0;

/** What a fit prints on a terminal, the terminal's own \r\n line ends made \n. */
function onTerminal(env: string): string {
  const command = `${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} fit @line --epochs 1000000 --tol 0`;
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status, run.stdout).toBe(0);
  return run.stdout.replace(/\r\n/g, '\n');
}

describe(`on a terminal${hasScript ? '' : ' (skipped: util-linux script is not installed here)'}`, () => {
  it.skipIf(!hasScript)(
    'draws the progress bar of a long fit (the case the checks below rule out)',
    () => {
      const text = onTerminal('');
      expect(text).toContain('epoch ');
      expect(text).toContain(ESC);
      expect(text).toContain('status');
    },
    120_000,
  );

  it.skipIf(!hasScript)(
    'NO_COLOR=1 or TERM=dumb: the same fit prints plain lines only',
    () => {
      for (const env of ['NO_COLOR=1', 'TERM=dumb']) {
        const text = onTerminal(env);
        expect(text).toContain('status');
        expect(text.includes(ESC), env).toBe(false);
        expect(text.includes('\r'), env).toBe(false);
      }
    },
    120_000,
  );
});
