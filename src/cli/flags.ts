// The command line's flags, derived from the settings catalog: the parse table, the reading of values, the help.

import {
  checkSetting,
  type OptimizerName,
  oneOf,
  optimizerCatalog,
  optimizerNames,
  rangeText,
  type SettingKey,
  type SettingSpec,
  type SettingValue,
  settingCatalog,
} from '../index.js';
import { type FlagSpec, type FlagValues, parseNumber } from './args.js';
import { flagFor, flagName } from './flag-names.js';
import { parseScheduleText, scheduleSyntax } from './schedule-text.js';

/** A flag that belongs to the command line alone (output files, modes): described as a setting is. */
export interface CliFlag {
  readonly key: string;
  readonly summary: string;
  readonly kind: 'boolean' | 'text';
  /** What the value looks like in help (`FILE`, `WxH`). */
  readonly placeholder?: string;
}

/** The command line's own flags, for every command that takes them. */
export const cliFlags = {
  json: { key: 'json', summary: 'print one JSON object instead of the summary', kind: 'boolean' },
  trace: {
    key: 'trace',
    summary: 'write every iterate, the start included, as CSV',
    kind: 'text',
    placeholder: 'FILE.csv',
  },
  plot: {
    key: 'plot',
    summary: 'draw the run: .svg or .png (the path on the curve or contours), .gif (animated)',
    kind: 'text',
    placeholder: 'FILE',
  },
  fitPlot: {
    key: 'plot',
    summary:
      'draw the fit: a one-feature line over its data (.gif: epoch by epoch, as seed 001 fits y = m·x + c), else the loss by epoch; .svg, .png or .gif',
    kind: 'text',
    placeholder: 'FILE',
  },
  memory: {
    key: 'memory',
    summary:
      'bound the process to SIZE (512MB, 2GB): a CSV file larger than fits is parsed once to a temporary float64 file and streamed a window at a time, each window’s rows shuffled (the window is reported); batches must divide the window',
    kind: 'text',
    placeholder: 'SIZE',
  },
  size: {
    key: 'size',
    summary: 'picture size in pixels (default 800x600)',
    kind: 'text',
    placeholder: 'WxH',
  },
  surface: {
    key: 'surface',
    summary: "with --plot, a one-feature linear fit's path on its 3-D cost surface E(m, c)",
    kind: 'boolean',
  },
  checkpoint: {
    key: 'checkpoint',
    summary: 'write the whole training state at least once a second and at the end',
    kind: 'text',
    placeholder: 'FILE',
  },
  resume: {
    key: 'resume',
    summary:
      'continue a checkpoint to the total --epochs; the result equals an uninterrupted run bit for bit (flags left out are the checkpoint’s)',
    kind: 'text',
    placeholder: 'FILE',
  },
  findLr: {
    key: 'findLr',
    summary: 'train nothing: sweep the learning rate and print the suggestion as JSON',
    kind: 'boolean',
  },
} as const satisfies Record<string, CliFlag>;

/** A flag in a command's table: a setting by its key, or one of the command line's own. */
export type Flag = SettingKey | CliFlag;

const specOf = (flag: Flag): SettingSpec | CliFlag =>
  typeof flag === 'string' ? settingCatalog[flag] : flag;

/**
 * parseArgs' table for the flags: a switch for a boolean setting, a value for every other.
 *
 * @example
 * flagSpec(['learningRate', 'centered']); // { lr: { type: 'string' }, centered: { type: 'boolean' } }
 */
export function flagSpec(flags: readonly Flag[]): FlagSpec {
  const spec: FlagSpec = {};
  for (const flag of flags) {
    const { key, kind } = specOf(flag);
    spec[flagName(key)] = { type: kind === 'boolean' ? 'boolean' : 'string' };
  }
  return spec;
}

/** A value as read from its flag's text, before the library's check. */
type Read = SettingValue | object;

/**
 * The settings given on the command line, by key, each read by its kind — numbers as numbers, a
 * schedule as ScheduleSpec, a switch as true — and checked against its catalog entry right away,
 * so bad input fails before any data is read. Flags left out stay out.
 *
 * @example
 * readSettings({ lr: '0.1', centered: true }, ['learningRate', 'centered']); // { learningRate: 0.1, centered: true }
 */
export function readSettings(
  values: FlagValues,
  keys: readonly SettingKey[],
): Partial<Record<SettingKey, Read>> {
  const settings: Partial<Record<SettingKey, Read>> = {};
  for (const key of keys) {
    const raw = values[flagName(key)];
    if (raw === undefined || raw === false) continue;
    const spec: SettingSpec = settingCatalog[key];
    if (spec.kind === 'boolean') {
      settings[key] = true;
    } else if (key === 'schedule') {
      settings[key] = parseScheduleText(String(raw));
    } else if (spec.kind === 'number' || spec.kind === 'integer') {
      settings[key] = checkSetting(spec, parseNumber(String(raw), flagFor(key)));
    } else {
      settings[key] = checkSetting(spec, String(raw));
    }
  }
  return settings;
}

/**
 * A setting's default in words for help: its own, or each optimizer's, grouped by value
 * (`0.001: gd, adam; 0.01: rmsprop`).
 */
function defaultWords(key: SettingKey): string | undefined {
  const spec: SettingSpec = settingCatalog[key];
  if (spec.kind === 'boolean') return undefined;
  const takers = optimizerNames.filter((name) =>
    (optimizerCatalog[name].settings as readonly string[]).includes(key),
  );
  const own = (name: OptimizerName) =>
    (optimizerCatalog[name].defaults as Readonly<Record<string, SettingValue | undefined>>)[key];
  if (takers.some((name) => own(name) !== undefined)) {
    const groups = new Map<string, string[]>();
    for (const name of takers) {
      const value = own(name);
      if (value === undefined) continue;
      const text = valueText(value);
      groups.set(text, [...(groups.get(text) ?? []), name]);
    }
    const parts = [...groups].map(([value, names]) => `${value} for ${names.join(', ')}`);
    if (spec.default !== undefined) parts.push(`else ${valueText(spec.default)}`);
    return parts.join('; ');
  }
  if (spec.default !== undefined) return valueText(spec.default);
  return spec.defaultText;
}

/** A default as help shows it: small numbers in exponent form (1e-6, not 0.000001). */
function valueText(value: SettingValue): string {
  return typeof value === 'number' && value !== 0 && Math.abs(value) < 1e-3
    ? value.toExponential()
    : String(value);
}

function placeholder(flag: Flag): string {
  if (typeof flag !== 'string') return flag.placeholder ?? '';
  const spec: SettingSpec = settingCatalog[flag];
  if (spec.kind === 'boolean') return '';
  if (spec.symbol !== undefined) return spec.symbol;
  return spec.kind === 'integer'
    ? 'N'
    : spec.kind === 'choice'
      ? 'NAME'
      : spec.kind === 'number'
        ? 'X'
        : 'TEXT';
}

function summary(flag: Flag): string {
  if (typeof flag !== 'string') return flag.summary;
  const spec: SettingSpec = settingCatalog[flag];
  const parts = [spec.summary];
  if (flag === 'schedule') parts.push(`: ${scheduleSyntax}`);
  if (spec.kind === 'choice' && spec.choices !== undefined) parts.push(`: ${oneOf(spec.choices)}`);
  if (
    (spec.kind === 'number' || spec.kind === 'integer') &&
    (spec.min !== undefined || spec.max !== undefined)
  ) {
    parts.push(`, ${rangeText(spec)}`);
  }
  const fallback = defaultWords(flag);
  if (fallback !== undefined) parts.push(` (default ${fallback})`);
  return parts.join('');
}

const width = 100;
const column = 24;

/** Words wrapped to the help's width, continuation lines indented to the summaries' column. */
function wrap(text: string, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Help lines for the flags, each from its catalog entry: the flag, what its value looks like, the
 * summary, the range and the default.
 *
 * @example
 * flagHelp(['epochs']); // '  --epochs N            passes over the training rows in all …, a whole number in [0, 1000000000] (default 1000)'
 */
export function flagHelp(flags: readonly Flag[]): string {
  return flags
    .map((flag) => {
      const head = `  ${flagFor(specOf(flag).key)} ${placeholder(flag)}`.trimEnd();
      const [first = '', ...rest] = wrap(summary(flag), column);
      const lead =
        head.length < column ? `${head.padEnd(column)}${first}` : `${head}\n${' '.repeat(column)}${first}`;
      return [lead, ...rest.map((line) => `${' '.repeat(column)}${line}`)].join('\n');
    })
    .join('\n');
}
