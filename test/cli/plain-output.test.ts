// Plain output: piped, or on a terminal with NO_COLOR or TERM=dumb, downhill prints no escape codes and no carriage-return redraws.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * What a fit prints on a terminal until it has run for more than a second, the bar's threshold, and
 * is then stopped with Ctrl-C; the terminal's own \r\n line ends made \n. The moment comes from the
 * fit itself, not from a clock here: its checkpoint is first written once the run has lasted a
 * second, in the epoch whose report starts the bar (a fit that ends sooner, as 1,000,000 epochs of
 * @line did in 0.999 s on a quiet machine, draws no bar at all).
 */
async function onTerminal(env: string): Promise<{ code: number | null; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-terminal-'));
  const checkpoint = join(dir, 'run.json');
  const command = `${env} ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} fit @line --epochs 1000000000 --tol 0 --checkpoint ${JSON.stringify(checkpoint)}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const lasted = setInterval(() => {
    if (!existsSync(checkpoint)) return;
    clearInterval(lasted);
    child.stdin.write('\x03');
  }, 20);
  const code = await closed;
  clearInterval(lasted);
  rmSync(dir, { recursive: true, force: true });
  return { code, text: text.replace(/\r\n/g, '\n') };
}

describe(`on a terminal${hasScript ? '' : ' (skipped: util-linux script is not installed here)'}`, () => {
  it.skipIf(!hasScript)(
    'draws the progress bar of a long fit (the case the checks below rule out), and clears it on Ctrl-C',
    async () => {
      const { code, text } = await onTerminal('');
      expect(code).toBe(130);
      expect(text).toMatch(/epoch \d+\/1000000000 \[/);
      expect(text).toContain(ESC);
      // The cursor shown again, the line cleared, then the one line that says what the checkpoint holds.
      const shown = text.lastIndexOf(`${ESC}[?25h`);
      const cleared = text.lastIndexOf(`${ESC}[2K`);
      expect(shown).toBeGreaterThan(0);
      expect(cleared).toBeGreaterThan(shown);
      expect(text.slice(cleared + 4)).toMatch(
        /^downhill: interrupted; the checkpoint "[^"]+" holds the state/,
      );
    },
    120_000,
  );

  it.skipIf(!hasScript)(
    'NO_COLOR=1 or TERM=dumb: the same fit, past the bar’s second, prints plain lines only',
    async () => {
      for (const env of ['NO_COLOR=1', 'TERM=dumb']) {
        const { code, text } = await onTerminal(env);
        expect(code, env).toBe(130);
        expect(text, env).toContain('downhill: interrupted');
        expect(text.includes(ESC), env).toBe(false);
        expect(text.includes('\r'), env).toBe(false);
      }
    },
    120_000,
  );
});
