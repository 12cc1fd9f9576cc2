// Flag parsing for every command: node's parseArgs, with its errors turned into one-line bad input.

import { parseArgs } from 'node:util';
import { InputError } from '../index.js';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
export type FlagValues = Record<string, string | boolean | undefined>;

/** Parses `argv` strictly: an unknown flag, a missing value or a stray argument is bad input. */
export function parseFlags(
  argv: readonly string[],
  spec: FlagSpec,
  positionals: { names: readonly string[]; optional?: number },
): { values: FlagValues; positionals: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: normalize(argv, spec, positionals.names.length),
      options: spec,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new InputError(flagError(error));
  }
  const required = positionals.names.length - (positionals.optional ?? 0);
  if (parsed.positionals.length < required) {
    throw new InputError(`missing ${positionals.names[parsed.positionals.length]} (see --help)`);
  }
  if (parsed.positionals.length > positionals.names.length) {
    throw new InputError(
      `unexpected argument "${shortened(parsed.positionals[positionals.names.length]!)}" (see --help)`,
    );
  }
  return { values: parsed.values as FlagValues, positionals: parsed.positionals };
}

/**
 * parseArgs reads every token that starts with "-" as a flag. Here the token after a flag that takes
 * a value is that value unless it is itself one of the command's flags (`--lr -0.1` works, while
 * `--start --json` still misses its value), and a dash-led token that is no flag is an argument
 * (an expression such as `-x^2 + y^2`, or `-x` while an argument is still missing: `-x` names no
 * flag of the command). Everything after `--` is an argument, as in every Unix tool. Arguments go
 * after one `--` so that parseArgs takes them as such.
 */
function normalize(argv: readonly string[], spec: FlagSpec, wanted: number): string[] {
  const dash = argv.indexOf('--');
  const head = dash < 0 ? argv : argv.slice(0, dash);
  const tail = dash < 0 ? [] : argv.slice(dash + 1);
  const isFlag = (token: string): boolean =>
    token === '-h' ||
    (token.startsWith('--') && token.slice(2).split('=')[0]! in spec) ||
    Object.values(spec).some((flag) => flag.short !== undefined && token === `-${flag.short}`);
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < head.length; i++) {
    const token = head[i]!;
    const next = head[i + 1];
    // `--x^2` or a run of minus signs cannot be a flag's name: it is an expression, as `-x^2` is; nor
    // can `-x` when the command has no flag -x and still wants an argument.
    const short = /^-[a-zA-Z]$/.test(token) && (isFlag(token) || positionals.length >= wanted);
    if ((token.startsWith('--') && FLAG_SHAPE.test(token)) || short) {
      const name = token.startsWith('--')
        ? token.slice(2)
        : Object.keys(spec).find((key) => spec[key]!.short === token.slice(1));
      const takesValue = name !== undefined && spec[name]?.type === 'string';
      if (takesValue && (next === undefined || isFlag(next))) throw new InputError(`${token} needs a value`);
      if (takesValue) {
        flags.push(token.startsWith('--') ? `${token}=${next}` : `${token}${next}`);
        i++;
      } else {
        flags.push(token);
      }
    } else {
      positionals.push(token);
    }
  }
  return [...flags, '--', ...positionals, ...tail];
}

/** What a flag looks like: `--name` or `--name=value`, the name in letters, digits and dashes. */
const FLAG_SHAPE = /^--(?:[a-zA-Z][a-zA-Z0-9-]*(?:=.*)?)?$/s;

/** A flag or an argument quoted in a message: whole when short, else its first 40 characters. */
function shortened(flag: string): string {
  return flag.length <= 40 ? flag : `${flag.slice(0, 40)}…`;
}

function flagError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const found = /'(-[^' ]+)/.exec(message)?.[1];
  const flag = found === undefined ? undefined : shortened(found);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? message} (see --help)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(message)
        ? `${flag ?? 'a flag'} needs a value`
        : `${flag ?? 'a flag'} takes no value`;
    default:
      return message;
  }
}

function text(values: FlagValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export interface NumberRule {
  /** Smallest allowed value, inclusive unless `exclusiveMin`. */
  min?: number;
  exclusiveMin?: boolean;
  max?: number;
  integer?: boolean;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads one number from text, checked against a rule; `what` names it in errors (e.g. `--lr`). */
export function parseNumber(raw: string, what: string, rule: NumberRule = {}): number {
  const trimmed = raw.trim();
  // Decimal only, as points and expressions write numbers: Number() would also read 0x10 as 16.
  const value = DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(value)) throw new InputError(`${what}: "${raw}" is not a finite number`);
  if (rule.integer && !Number.isInteger(value))
    throw new InputError(`${what}: "${raw}" is not a whole number`);
  if (rule.min !== undefined) {
    const bad = rule.exclusiveMin ? value <= rule.min : value < rule.min;
    if (bad)
      throw new InputError(
        `${what}: must be ${rule.exclusiveMin ? 'above' : 'at least'} ${rule.min}, got ${raw}`,
      );
  }
  if (rule.max !== undefined && value > rule.max)
    throw new InputError(`${what}: must be at most ${rule.max}, got ${raw}`);
  return value;
}

/** The number given for `--name`, or undefined when the flag is absent. */
export function numberFlag(values: FlagValues, name: string, rule: NumberRule = {}): number | undefined {
  const raw = text(values, name);
  return raw === undefined ? undefined : parseNumber(raw, `--${name}`, rule);
}

/** A comma-separated list of numbers for `--name`, or undefined when absent. */
export function numberListFlag(
  values: FlagValues,
  name: string,
  rule: NumberRule = {},
): number[] | undefined {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  const parts = raw.split(',');
  if (parts.some((part) => part.trim() === '')) throw new InputError(`--${name}: empty item in "${raw}"`);
  return parts.map((part) => parseNumber(part, `--${name}`, rule));
}

/** The text given for `--name`, or undefined. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  return text(values, name);
}

/** A comma-separated list of non-empty names for `--name`, or undefined. */
export function listFlag(values: FlagValues, name: string): string[] | undefined {
  const raw = text(values, name);
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InputError(`--${name}: empty item in "${raw}"`);
  return items;
}
