// `downhill help COMMAND`, `--help` and `--version` on every command.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const commands = ['minimize', 'compare', 'analyze', 'fit', 'plot', 'datasets', 'story'];

describe('help and version', () => {
  for (const command of commands) {
    it(`prints the same text for \`help ${command}\` as for \`${command} --help\`, and the version after it`, () => {
      const viaHelp = runCli(['help', command]);
      const viaFlag = runCli([command, '--help']);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
      expect(viaHelp.stdout).toContain(command);
      expect(runCli([command, '--version']).stdout).toBe(runCli(['--version']).stdout);
    });
  }

  it("says each flag's default once and lists its choices once", () => {
    for (const command of commands) {
      // One entry per flag: its line and the continuation lines indented under its summary.
      const entries = runCli([command, '--help'])
        .stdout.split(/\n(?= {2}-)/)
        .map((entry) => entry.split('\n\n')[0]!.replace(/\s+/g, ' '));
      for (const entry of entries.filter((e) => e.startsWith('  -'))) {
        expect(entry.match(/\(default/g)?.length ?? 0, entry).toBeLessThanOrEqual(1);
        expect(entry, entry).not.toMatch(/\b(mse, mae)\b.*\b\1\b/);
      }
    }
    // --tol in each command's own terms: steps for minimize and compare, epochs for fit.
    for (const command of ['minimize', 'compare']) {
      expect(runCli([command, '--help']).stdout.replace(/\s+/g, ' ')).toContain(
        '--tol ε stop when a step or the gradient norm falls below it (0 turns it off), at least 0 (default 1e-8)',
      );
    }
    const fit = runCli(['fit', '--help']).stdout.replace(/\s+/g, ' ');
    expect(fit).toContain("--tol ε stop when an epoch's step or the gradient norm falls below it, or with");
    expect(fit).toContain(
      '--loss NAME the loss (mse, mae and huber are for numbers, bce and ce for classes): mse, mae, huber, bce or ce (default mse; bce or ce for logistic, softmax and an mlp on labels)',
    );
    expect(fit).toContain(
      'the numbers do not change, a whole number in [1, 256] (default one or every core, whichever runs the batches faster, timed as it trains; in a browser 1 but for an mlp in a worker that started startWebThreads)',
    );
  });

  it('refuses help for an unknown command with exit code 2', () => {
    const result = runCli(['help', 'fitt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "fitt"');
  });

  it('prints a semantic version', () => {
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
