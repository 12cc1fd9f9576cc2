// Runs the built `downhill` command in a child process and collects what it printed and its exit code.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string } = {}): CliResult {
  const child = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
