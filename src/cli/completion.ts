// `downhill completion bash|zsh|fish`: shell completion generated from the commands' flag tables and the catalog.

import { InputError, type SettingSpec, settingCatalog } from '../index.js';
import { modelSpecs } from '../internal.js';
import { builtinDatasets } from '../node.js';
import { parseFlags } from './args.js';
import type { Command, CommandEntry } from './command.js';
import { flagName } from './flag-names.js';
import { type CliFlag, cliFlags } from './flags.js';

/** One flag as completion offers it: whether it takes a value, and which values (or files) to offer. */
export interface CompletionFlag {
  readonly name: string;
  /** The one-letter form, if any (`o` for `--output`). */
  readonly short?: string;
  readonly summary: string;
  readonly takesValue: boolean;
  /** Values to offer after the flag: a choice setting's choices, the model specs. */
  readonly values: readonly string[];
  /** The value is a file name. */
  readonly file: boolean;
}

/** One command as completion offers it: its flags, and what its argument is. */
export interface CompletionCommand {
  readonly name: string;
  readonly summary: string;
  readonly flags: readonly CompletionFlag[];
  /** What to offer where the command's argument goes: words (dataset names, command names), and files or not. */
  readonly argument: { readonly words: readonly string[]; readonly files: boolean };
}

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/** The settings and the command line's own flags by flag name, for each flag's summary and values. */
const byFlag = new Map<string, { summary: string; values: readonly string[]; file: boolean }>();
for (const spec of Object.values(settingCatalog) as SettingSpec[]) {
  const values =
    spec.key === 'model'
      ? modelSpecs.split(', ').map((m) => (m.includes(':') ? m.slice(0, m.indexOf(':') + 1) : m))
      : (spec.choices ?? []);
  byFlag.set(flagName(spec.key), { summary: spec.summary, values, file: false });
}
for (const flag of Object.values(cliFlags) as CliFlag[]) {
  const file = flag.placeholder?.startsWith('FILE') ?? false;
  if (!byFlag.has(flagName(flag.key)))
    byFlag.set(flagName(flag.key), { summary: flag.summary, values: [], file });
}
/** The first clause of a summary: completion menus show one short line. */
const short = (text: string): string => text.split(/: |; | \(| — /)[0]!.trim();

function argumentOf(name: string, commands: readonly CommandEntry[]): CompletionCommand['argument'] {
  if (name === 'fit') return { words: builtinDatasets.map((d) => `@${d.name}`), files: true };
  if (name === 'help') return { words: commands.map((c) => c.name), files: false };
  if (name === 'completion') return { words: shells, files: false };
  return { words: [], files: false };
}

/**
 * Every command with its flags, as the command line parses them, each flag's summary and values
 * from the catalog (optimizer names, losses, activations, model specs).
 */
export async function completionCommands(commands: readonly CommandEntry[]): Promise<CompletionCommand[]> {
  const out: CompletionCommand[] = [];
  for (const entry of commands) {
    const command: Command = await entry.load();
    const flags: CompletionFlag[] = Object.entries(command.flags).map(([name, { type, short: letter }]) => {
      const known = byFlag.get(name) ?? { summary: name, values: [], file: false };
      return {
        name,
        ...(letter === undefined ? {} : { short: letter }),
        summary: short(known.summary),
        takesValue: type === 'string',
        values: known.values,
        file: known.file,
      };
    });
    flags.push({ name: 'help', summary: 'show the help', takesValue: false, values: [], file: false });
    out.push({ name: entry.name, summary: entry.summary, flags, argument: argumentOf(entry.name, commands) });
  }
  out.push({
    name: 'help',
    summary: 'show the help of a command',
    flags: [],
    argument: argumentOf('help', commands),
  });
  return out;
}

const words = (list: readonly string[]): string => list.join(' ');

function bash(cmds: readonly CompletionCommand[]): string {
  const cases = cmds.map((c) => {
    const flagNames = (f: CompletionFlag) => [
      `--${f.name}`,
      ...(f.short === undefined ? [] : [`-${f.short}`]),
    ];
    const withValue = c.flags.filter((f) => f.takesValue);
    const free = withValue.filter((f) => !f.file && f.values.length === 0).flatMap(flagNames);
    const files = withValue.filter((f) => f.file).flatMap(flagNames);
    const valueCases = [
      ...withValue
        .filter((f) => !f.file && f.values.length > 0)
        .map(
          (f) =>
            `        ${flagNames(f).join('|')}) COMPREPLY=($(compgen -W "${words(f.values)}" -- "$cur")); return ;;`,
        ),
      ...(files.length > 0
        ? [`        ${files.join('|')}) COMPREPLY=($(compgen -f -- "$cur")); return ;;`]
        : []),
      // A value nothing can guess (a number, a point): offer nothing rather than flags.
      ...(free.length > 0 ? [`        ${free.join('|')}) COMPREPLY=(); return ;;`] : []),
    ];
    const flagWords = words(c.flags.map((f) => `--${f.name}`));
    const argument = [
      ...(c.argument.words.length > 0 ? [`$(compgen -W "${words(c.argument.words)}" -- "$cur")`] : []),
      ...(c.argument.files ? ['$(compgen -f -- "$cur")'] : []),
    ].join(' ');
    return [
      `    ${c.name})`,
      ...(valueCases.length > 0 ? ['      case "$prev" in', ...valueCases, '      esac'] : []),
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${flagWords}" -- "$cur")); return; fi`,
      `      COMPREPLY=(${argument})`,
      '      ;;',
    ].join('\n');
  });
  return `# bash completion for downhill, generated by \`downhill completion bash\`.
# Load it in this shell:  source <(downhill completion bash)
# or for every shell:     downhill completion bash > ~/.local/share/bash-completion/completions/downhill
_downhill() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # --flag=value: bash splits at "=", so the flag is the word before it.
  if [[ "$cur" == "=" ]]; then cur=""; elif [[ "$prev" == "=" ]]; then prev="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  if (( COMP_CWORD == 1 )); then
    COMPREPLY=($(compgen -W "${words(cmds.map((c) => c.name))} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -F _downhill downhill
`;
}

/** Text inside a zsh single-quoted _arguments spec: quotes closed and reopened; brackets and colons escaped. */
const zshText = (text: string): string => text.replace(/([[\]:\\])/g, '\\$1').replace(/'/g, "'\\''");

function zsh(cmds: readonly CompletionCommand[]): string {
  const cases = cmds.map((c) => {
    const specs = c.flags.map((f) => {
      const action = f.file ? '_files' : f.values.length > 0 ? `(${words(f.values)})` : ' ';
      const spec = `[${zshText(f.summary)}]${f.takesValue ? `:${f.name}:${action}` : ''}'`;
      return f.short === undefined
        ? `'--${f.name}${spec}`
        : `'(-${f.short} --${f.name})'{-${f.short},--${f.name}}'${spec}`;
    });
    const argument = c.argument.files
      ? [`'1:argument:_downhill_${c.name}_argument'`]
      : c.argument.words.length > 0
        ? [`'1:argument:(${words(c.argument.words)})'`]
        : [];
    const lines = [...specs, ...argument].map((spec) => `        ${spec}`);
    return [`    ${c.name})`, '      _arguments -s \\', lines.join(' \\\n'), '      ;;'].join('\n');
  });
  const helpers = cmds
    .filter((c) => c.argument.files)
    .map(
      (c) =>
        `_downhill_${c.name}_argument() {\n  _alternative 'datasets:dataset:(${words(c.argument.words)})' 'files:file:_files'\n}`,
    );
  return `#compdef downhill
# zsh completion for downhill, generated by \`downhill completion zsh\`.
# Load it in this shell:  source <(downhill completion zsh)
# or for every shell:     downhill completion zsh > "\${fpath[1]}/_downhill"
${helpers.join('\n')}
_downhill() {
  local -a subcommands
  subcommands=(
${cmds.map((c) => `    '${zshText(c.name)}:${zshText(c.summary)}'`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' subcommands
    return
  fi
  shift words
  (( CURRENT-- ))
  case "\${words[1]}" in
${cases.join('\n')}
  esac
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _downhill "$@"
else
  compdef _downhill downhill
fi
`;
}

/** Text inside a fish single-quoted string. */
const fishText = (text: string): string => text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

function fish(cmds: readonly CompletionCommand[]): string {
  const names = words(cmds.map((c) => c.name));
  const lines = [
    '# fish completion for downhill, generated by `downhill completion fish`.',
    '# Load it in this shell:  downhill completion fish | source',
    '# or for every shell:     downhill completion fish > ~/.config/fish/completions/downhill.fish',
    'complete -c downhill -f',
    `complete -c downhill -n 'not __fish_seen_subcommand_from ${names}' -l version -d 'print the version'`,
    ...cmds.map(
      (c) =>
        `complete -c downhill -n 'not __fish_seen_subcommand_from ${names}' -a ${c.name} -d '${fishText(c.summary)}'`,
    ),
  ];
  for (const c of cmds) {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    for (const f of c.flags) {
      const value = f.file
        ? ' -r -F'
        : f.values.length > 0
          ? ` -x -a '${words(f.values)}'`
          : f.takesValue
            ? ' -x'
            : '';
      const letter = f.short === undefined ? '' : ` -s ${f.short}`;
      lines.push(`complete -c downhill ${when}${letter} -l ${f.name}${value} -d '${fishText(f.summary)}'`);
    }
    if (c.argument.words.length > 0)
      lines.push(`complete -c downhill ${when} -a '${words(c.argument.words)}'`);
    if (c.argument.files) lines.push(`complete -c downhill ${when} -F`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The completion script for `shell`, from the commands as the command line parses them.
 *
 * @example
 * (await completionScript('bash', commands)).includes('--optimizer'); // true
 */
export async function completionScript(shell: Shell, commands: readonly CommandEntry[]): Promise<string> {
  const cmds = await completionCommands(commands);
  return shell === 'bash' ? bash(cmds) : shell === 'zsh' ? zsh(cmds) : fish(cmds);
}

/** `downhill completion` for the commands `commands` lists (itself among them). */
export const completionCommand = (commands: readonly CommandEntry[]): Command => ({
  name: 'completion',
  summary: 'print a bash, zsh or fish completion script for downhill',
  flagList: [],
  flags: {},
  help: `Usage: downhill completion SHELL

Prints a completion script for SHELL (bash, zsh or fish): commands, each command's flags, and the
values a flag takes (optimizer names, losses, activations, model specs, built-in datasets, files).

Load it in the running shell:
  source <(downhill completion bash)
  source <(downhill completion zsh)
  downhill completion fish | source

Or install it for every new shell:
  downhill completion bash > ~/.local/share/bash-completion/completions/downhill
  downhill completion zsh > "\${fpath[1]}/_downhill"
  downhill completion fish > ~/.config/fish/completions/downhill.fish
`,
  async run(argv) {
    const { positionals } = parseFlags(argv, {}, { names: ['SHELL'], optional: 1 });
    const shell = positionals[0];
    if (shell === undefined) throw new InputError('missing SHELL: bash, zsh or fish (see --help)');
    if (!(shells as readonly string[]).includes(shell)) {
      throw new InputError(`SHELL: "${shell}" is not a shell downhill completes (shells: bash, zsh, fish)`);
    }
    process.stdout.write(await completionScript(shell as Shell, commands));
  },
});
