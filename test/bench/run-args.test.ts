// The benchmark runner's command line: a mistyped name or flag ends with a clear message and exit code 2.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runner = fileURLToPath(new URL('./run.ts', import.meta.url));

function bench(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], { encoding: 'utf8' });
}

describe('npm run bench', () => {
  it('rejects an --only that names no benchmark, listing the names, before measuring anything', () => {
    const run = bench('--only', 'nosuch', '--json');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('bench: --only nosuch names no benchmark; the names are cli-start, bundle,');
    expect(run.stderr).toContain('linreg-epoch');
    expect(run.stderr).toContain('usage: npm run bench -- [--only NAME] [--json]');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown flag with its name and no stack trace', () => {
    const run = bench('--bogus');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("bench: Unknown option '--bogus'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
