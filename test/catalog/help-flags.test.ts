// Every flag in every command's --help comes from the catalog or the command line's own list (cliFlags), nothing hand-written.

import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.js';
import { commands } from '../../src/cli/commands.js';
import { flagName } from '../../src/cli/flag-names.js';
import { cliFlags, flagHelp, flagSpec } from '../../src/cli/flags.js';
import { settingCatalog } from '../../src/index.js';

/** Flag names (without dashes) the catalog's settings give, and those the command line keeps for itself. */
const fromCatalog = new Set(Object.keys(settingCatalog).map(flagName));
const cliOnly = new Set(Object.values(cliFlags).map((flag) => flagName(flag.key)));

/** Every `--word` in a text (the `--` that ends a command's flags is no flag). */
const flagsIn = (text: string): string[] =>
  [...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!);

/** The help's lines that start a flag's entry: `  --lr η …` or `  -o, --output FILE …`. */
const flagLines = (help: string): string[] =>
  help.split('\n').filter((line) => /^ {2}(-[a-zA-Z], )?--/.test(line));

const loaded: Command[] = await Promise.all(commands.map((entry) => entry.load()));

describe('--help flags come from the catalog', () => {
  it('reads every command, and the check sees a hand-written flag', () => {
    expect(loaded.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    expect(flagsIn('  --lr η  step size, see also --max-iter; -- ends flags')).toEqual(['lr', 'max-iter']);
    expect(fromCatalog.has('memory') && fromCatalog.has('lr') && fromCatalog.has('beta1')).toBe(true);
    expect(fromCatalog.has('madeup') || cliOnly.has('madeup')).toBe(false);
  });

  for (const command of loaded) {
    describe(command.name, () => {
      it('names only flags that flagFor gives a setting key or that cliFlags lists', () => {
        const unknown = flagsIn(command.help).filter(
          (name) => name !== 'help' && !fromCatalog.has(name) && !cliOnly.has(name),
        );
        expect(unknown).toEqual([]);
      });

      it('parses exactly the flags of its table, and documents each', () => {
        expect(command.flags).toEqual(flagSpec(command.flagList));
        const documented = new Set(flagsIn(command.help));
        expect(Object.keys(command.flags).filter((name) => !documented.has(name))).toEqual([]);
      });

      it("prints each flag's entry as flagHelp derives it from its table, and no other", () => {
        const missing = command.flagList
          .map((flag) => flagHelp([flag]))
          .filter((e) => !command.help.includes(e));
        expect(missing).toEqual([]);
        const own = new Set(flagLines(flagHelp(command.flagList)));
        expect(flagLines(command.help).filter((line) => !own.has(line))).toEqual([]);
      });
    });
  }

  it('keeps --memory a catalog setting, read by the size parser fit --memory uses', async () => {
    expect(settingCatalog.memory).toMatchObject({ key: 'memory', kind: 'text', placeholder: 'SIZE' });
    const fit = loaded.find((c) => c.name === 'fit')!;
    expect(fit.flagList).toContain('memory');
    expect(flagLines(fit.help).some((line) => line.startsWith('  --memory SIZE '))).toBe(true);
    const { parseMemory } = await import('../../src/cli/fit-stream.js');
    expect(parseMemory('512MB')).toBe(512 * 2 ** 20);
  });
});
