// `downhill completion bash|zsh|fish`: the bash script completes when driven as bash drives it; every shell's script lists each command's flags as the command parses them, and the catalog's values.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { flagName } from '../../src/cli/flag-names.js';
import { optimizerCatalog, optimizerNames, settingCatalog } from '../../src/index.js';
import { builtinDatasets } from '../../src/node.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = (shell: string): string => {
  const result = runCli(['completion', shell]);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  return result.stdout;
};

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** What the bash script offers for a command line whose last word is being completed. */
function bashComplete(file: string, words: readonly string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const run = spawnSync(
    'bash',
    [
      '-c',
      `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _downhill; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8', cwd: dir },
  );
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter((l) => l !== '');
}

/** Each command's flags as it parses them, plus --help. */
async function flagsOf(name: string): Promise<string[]> {
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) throw new Error(`no command ${name}`);
  return [...Object.keys((await entry.load()).flags), 'help'].sort();
}

describe('downhill completion', () => {
  const bashFile = join(dir, 'downhill.bash');
  writeFileSync(bashFile, script('bash'));

  it('bash: completes commands, flags, optimizer names, models, datasets and files', () => {
    expect(bashComplete(bashFile, ['downhill', 'fi'])).toEqual(['fit']);
    expect(bashComplete(bashFile, ['downhill', 'fit', '--op'])).toContain('--optimizer');
    expect(bashComplete(bashFile, ['downhill', 'fit', '--optimizer', 'a'])).toContain('adam');
    expect(bashComplete(bashFile, ['downhill', 'minimize', '--optimizer', ''])).toEqual([...optimizerNames]);
    expect(bashComplete(bashFile, ['downhill', 'fit', '--optimizer', '=', 'lb'])).toEqual(['lbfgs']);
    expect(bashComplete(bashFile, ['downhill', 'fit', '--loss', ''])).toEqual([
      ...(settingCatalog.loss.choices ?? []),
    ]);
    expect(bashComplete(bashFile, ['downhill', 'fit', '--model', 'm'])).toEqual(['mlp:']);
    expect(bashComplete(bashFile, ['downhill', 'fit', '@ir'])).toEqual(['@iris']);
    expect(bashComplete(bashFile, ['downhill', 'fit', '--lr', ''])).toEqual([]);
    expect(bashComplete(bashFile, ['downhill', 'help', 'comp'])).toEqual(['compare', 'completion']);
    writeFileSync(join(dir, 'house.csv'), 'x,y\n1,2\n');
    expect(bashComplete(bashFile, ['downhill', 'fit', 'hou'])).toEqual(['house.csv']);
    expect(bashComplete(bashFile, ['downhill', 'minimize', 'x^2', '--plot', 'hou'])).toEqual(['house.csv']);
  });

  it("bash: each command's flags are the ones it parses, every catalog setting of an optimizer among fit's", async () => {
    for (const { name } of commands) {
      const offered = bashComplete(bashFile, ['downhill', name, '--']).map((f) => f.slice(2));
      expect(offered.sort(), name).toEqual(await flagsOf(name));
    }
    const settings = new Set(
      optimizerNames.flatMap((n) => optimizerCatalog[n].settings as readonly string[]),
    );
    const fitFlags = await flagsOf('fit');
    for (const key of settings) expect(fitFlags).toContain(flagName(key));
  });

  it('zsh and fish: the same flags for every command, and the optimizer names and datasets', async () => {
    const zsh = script('zsh');
    const fish = script('fish');
    for (const { name } of commands) {
      const zshCase = zsh.slice(
        zsh.indexOf(`    ${name})\n`),
        zsh.indexOf(';;', zsh.indexOf(`    ${name})\n`)),
      );
      const zshFlags = [...zshCase.matchAll(/--([a-z0-9-]+)(?:\[|\}'\[)/g)].map((m) => m[1]).sort();
      expect(zshFlags, `zsh ${name}`).toEqual(await flagsOf(name));
      const fishFlags = fish
        .split('\n')
        .filter((l) => l.includes(`__fish_seen_subcommand_from ${name}'`))
        .flatMap((l) => /-l ([a-z0-9-]+)/.exec(l)?.[1] ?? [])
        .sort();
      expect(fishFlags, `fish ${name}`).toEqual(await flagsOf(name));
    }
    for (const text of [zsh, fish]) {
      expect(text).toContain(optimizerNames.join(' '));
      expect(text).toContain(builtinDatasets.map((d) => `@${d.name}`).join(' '));
    }
  });

  it.skipIf(!has('zsh'))(
    `zsh -n accepts the script${has('zsh') ? '' : ' (skipped: zsh is not installed here)'}`,
    () => {
      const file = join(dir, '_downhill');
      writeFileSync(file, script('zsh'));
      const check = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    },
  );

  it.skipIf(!has('fish'))(
    `fish -n accepts the script${has('fish') ? '' : ' (skipped: fish is not installed here)'}`,
    () => {
      const file = join(dir, 'downhill.fish');
      writeFileSync(file, script('fish'));
      const check = spawnSync('fish', ['-n', file], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    },
  );

  it('refuses another shell with exit code 2 and one line', () => {
    const result = runCli(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'downhill: SHELL: "tcsh" is not a shell downhill completes (shells: bash, zsh, fish)\n',
    );
    expect(runCli(['completion']).code).toBe(2);
  });

  it('is listed in the help, with its own', () => {
    expect(runCli(['--help']).stdout).toContain('completion');
    expect(runCli(['help', 'completion']).stdout).toContain('source <(downhill completion bash)');
  });
});
