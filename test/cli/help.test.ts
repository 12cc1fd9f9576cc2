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

  it('refuses help for an unknown command with exit code 2', () => {
    const result = runCli(['help', 'fitt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "fitt"');
  });

  it('prints a semantic version', () => {
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
