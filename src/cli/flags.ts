// The command line's flags, derived from the settings catalog: the parse table, the reading of values, the help.

import {
  checkSetting,
  InputError,
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
import { nearestName } from './nearest.js';
import { parseScheduleText, scheduleSyntax } from './schedule-text.js';

/** A flag that belongs to the command line alone (output files, modes): described as a setting is. */
export interface CliFlag {
  readonly key: string;
  readonly summary: string;
  readonly kind: 'boolean' | 'text';
  /** What the value looks like in help (`FILE`, `WxH`). */
  readonly placeholder?: string;
  /** A one-letter alias (`-o` for `--output`). */
  readonly short?: string;
}

/**
 * A setting as one command uses it: the catalog's flag, parsing, kind and range, in words of the
 * command's own and with a default of its own where it has one (analyze's `--lr` is the step of its
 * direction sweep, 0.1 unless given, not an optimizer's learning rate); the catalog's default otherwise.
 */
export interface SettingUse {
  readonly setting: SettingKey;
  readonly summary: string;
  readonly default?: SettingValue;
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
  plotSurface: {
    key: 'surface',
    summary: 'a shaded 3-D surface instead of contours (two variables)',
    kind: 'boolean',
  },
  output: {
    key: 'output',
    summary: 'where to write the picture (.svg, .png or .gif)',
    kind: 'text',
    placeholder: 'FILE',
    short: 'o',
  },
  domain: {
    key: 'domain',
    summary: 'the box, one LO:HI range per variable (default -5:5 for each variable left out)',
    kind: 'text',
    placeholder: 'x=-5:5,y=0:1',
  },
  at: {
    key: 'at',
    summary:
      'also describe this point: value, gradient, Hessian, its eigenvalues and the learning rate the curvature there allows (a variable left out is 0)',
    kind: 'text',
    placeholder: 'x=1,y=2',
  },
  directions: {
    key: 'directions',
    summary:
      'with --at, the change along unit directions u at angle β from the gradient (0°, 15°, …, 345°; in 1-D 0° and 180°; beyond two variables in the plane of the gradient and the steepest curvature): for a step of size --lr, the first-order change η‖∇f‖cos β beside the actual change f(θ+ηu) − f(θ), most negative at 180°',
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

/** A flag in a command's table: a setting by its key (or as the command uses it), or one of the command line's own. */
export type Flag = SettingKey | SettingUse | CliFlag;

const isUse = (flag: Flag): flag is SettingUse => typeof flag === 'object' && 'setting' in flag;

/** The setting's key behind a flag, or null for the command line's own. */
const settingOf = (flag: Flag): SettingKey | null =>
  typeof flag === 'string' ? flag : isUse(flag) ? flag.setting : null;

const specOf = (flag: Flag): SettingSpec | CliFlag => {
  const key = settingOf(flag);
  return key === null ? (flag as CliFlag) : settingCatalog[key];
};

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
    const short = settingOf(flag) === null ? (flag as CliFlag).short : undefined;
    spec[flagName(key)] = {
      type: kind === 'boolean' ? 'boolean' : 'string',
      ...(short !== undefined && { short }),
    };
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
      settings[key] = checkSetting(spec, nearChoice(spec, String(raw)));
    }
  }
  return settings;
}

/** `text`, unless it is a choice the catalog lacks but one within reach: then bad input that names it (`ADAM`: adam). */
function nearChoice(spec: SettingSpec, text: string): string {
  const choices = spec.kind === 'choice' ? (spec.choices ?? []) : [];
  if (choices.length === 0 || choices.includes(text)) return text;
  const near = nearestName(text, choices);
  if (near === undefined) return text;
  throw new InputError(
    `${flagFor(spec.key)}: unknown ${spec.label} "${text.slice(0, 40)}" — did you mean ${near}? (known: ${choices.join(', ')})`,
    { key: spec.key },
  );
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
  const key = settingOf(flag);
  if (key === null) return (flag as CliFlag).placeholder ?? '';
  const spec: SettingSpec = settingCatalog[key];
  if (spec.kind === 'boolean') return '';
  if (spec.placeholder !== undefined) return spec.placeholder;
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
  const key = settingOf(flag);
  if (key === null) return (flag as CliFlag).summary;
  const use = isUse(flag) ? flag : null;
  const spec: SettingSpec = settingCatalog[key];
  const parts = [use?.summary ?? spec.summary];
  if (key === 'schedule') parts.push(`: ${scheduleSyntax}`);
  if (spec.kind === 'choice' && spec.choices !== undefined) parts.push(`: ${oneOf(spec.choices)}`);
  if (
    (spec.kind === 'number' || spec.kind === 'integer') &&
    (spec.min !== undefined || spec.max !== undefined)
  ) {
    parts.push(`, ${rangeText(spec)}`);
  }
  const fallback = use?.default === undefined ? defaultWords(key) : valueText(use.default);
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
      const short = settingOf(flag) === null ? (flag as CliFlag).short : undefined;
      const head =
        `  ${short === undefined ? '' : `-${short}, `}${flagFor(specOf(flag).key)} ${placeholder(flag)}`.trimEnd();
      const [first = '', ...rest] = wrap(summary(flag), column);
      const lead =
        head.length < column ? `${head.padEnd(column)}${first}` : `${head}\n${' '.repeat(column)}${first}`;
      return [lead, ...rest.map((line) => `${' '.repeat(column)}${line}`)].join('\n');
    })
    .join('\n');
}
