// The repository's .npmrc: `npm run X -- --json` prints only the script's stdout, and a failing `npx`/`npm exec` only its own error.

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** A scratch package with the repository's .npmrc and two scripts: one printing JSON, one failing as downhill does on bad input. */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-npmrc-'));
  dirs.push(dir);
  copyFileSync(join(repo, '.npmrc'), join(dir, '.npmrc'));
  writeFileSync(
    join(dir, 'rows.mjs'),
    'process.stdout.write(JSON.stringify([{ name: "bundle" }]) + "\\n");\n',
  );
  writeFileSync(
    join(dir, 'bad.mjs'),
    'process.stderr.write("downhill: expression: expected a value\\n");\nprocess.exitCode = 2;\n',
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, scripts: { bench: 'node rows.mjs' } }),
  );
  return dir;
}

// The environment npm itself sets for scripts would override the .npmrc under test: leave it out.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const npm = (args: string[], cwd: string) =>
  spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 120_000 });

describe('.npmrc', () => {
  it('keeps npm run’s banner off stdout, so `npm run bench -- --json` prints JSON alone', () => {
    const run = npm(['run', 'bench', '--', '--json'], scratch());
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([{ name: 'bundle' }]);
  });

  it('adds nothing of npm’s to a command that fails through npm exec (npx): exit 2 and the one line', () => {
    const run = npm(['exec', '--', 'node', 'bad.mjs'], scratch());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('downhill: expression: expected a value\n');
  });
});
