// CsvTable: turns CSV records, one at a time, into a Dataset — the checks and numbers shared by every CSV reader.

import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { GrowableFloats } from './growable-floats.js';

/**
 * How to read the target column. `numeric`: every value a number (regression). `categorical`: every
 * value a label, numbers included (classification). `auto`: numeric when the first value is a number —
 * so a word further down is reported rather than silently turned into a class — otherwise labels.
 */
export type TargetKind = 'auto' | 'numeric' | 'categorical';

/**
 * Which columns to read from a CSV file with a header row.
 *
 * @example
 * const options: CsvOptions = { target: 'price', features: ['area'] };
 * const data = parseCsvText('area,rooms,price\n50,2,150\n80,3,240\n', options);
 * data.featureNames; // → ['area']
 * [...data.target]; // → [150, 240]
 */
export interface CsvOptions {
  /** The column to predict; the last column when left out. */
  readonly target?: string;
  /** The feature columns, in this order; every column but the target when left out. */
  readonly features?: readonly string[];
  /** How to read the target (default `auto`). */
  readonly targetKind?: TargetKind;
  /** The dataset's name (default: from the file name). */
  readonly name?: string;
}

// A decimal number as people write it. Number() alone would also take "", "0x1A", "Infinity" and " ".
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** The number a cell holds, or NaN when it holds anything but one finite decimal number. */
function cellNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/** A cell or name as messages quote it: JSON-quoted, cut to about 40 characters. */
export function quoted(text: string): string {
  return text.length <= 40
    ? JSON.stringify(text)
    : `${JSON.stringify(text.slice(0, 40)).slice(0, -1)}…" (${text.length} characters)`;
}

function whyNotNumber(text: string): string {
  if (text === '') return 'empty cell';
  const cell = quoted(text);
  if (NON_FINITE.test(text)) return `${cell} is not allowed: every value must be a finite number`;
  if (DECIMAL.test(text)) return `${cell} is too large for a 64-bit number`;
  return `${cell} is not a number`;
}

/** Whether `auto` reads a target whose first value is `text` as numbers (so that a word further down is reported). */
export function looksNumeric(text: string): boolean {
  return DECIMAL.test(text) || NON_FINITE.test(text) || text === '';
}

/**
 * Renumbers a target of labels numbered as they first appeared (`firstSeen`, in that order) into the
 * sorted order of sortLabels, in place, and returns the labels in that order.
 *
 * @example
 * const target = Float64Array.of(0, 1, 0); // 'b', 'a', 'b'
 * renumberLabels(['b', 'a'], target); // ['a', 'b']; target is now [1, 0, 1]
 */
export function renumberLabels(firstSeen: readonly string[], target: Float64Array): string[] {
  const classes = sortLabels(firstSeen);
  const finalIndex = new Map(classes.map((label, i) => [label, i]));
  const renumber = firstSeen.map((label) => finalIndex.get(label)!);
  for (let i = 0; i < target.length; i++) target[i] = renumber[target[i]!]!;
  return classes;
}

/** The columns a header row chose: feature columns in order, the target column, and every column's name. */
export interface CsvColumns {
  readonly header: readonly string[];
  readonly features: readonly number[];
  readonly target: number;
  /** How the target is read; `auto` until the first data row decides. */
  readonly kind: TargetKind;
}

/**
 * The separator a one-column header holds instead of commas, by name, when it holds one: a European
 * spreadsheet writes `;` (its decimals take the comma), others export tabs.
 */
function otherSeparator(header: string): string | undefined {
  if (header.includes(';')) return 'semicolon';
  if (header.includes('\t')) return 'tab';
  return undefined;
}

/**
 * Labels in a fixed order that does not depend on row order (so shuffling a file keeps class indices):
 * numerically when every label is a number ("2" before "10"), otherwise by UTF-16 code units.
 */
export function sortLabels(labels: readonly string[]): string[] {
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const numbers = labels.map(cellNumber);
  if (numbers.every(Number.isFinite)) {
    const index = new Map(labels.map((label, i) => [label, numbers[i]!]));
    return [...labels].sort((a, b) => index.get(a)! - index.get(b)! || byText(a, b));
  }
  return [...labels].sort(byText);
}

/** The columns a choice picks, by index into the table's column names. */
export interface ColumnChoice {
  readonly target: number;
  readonly features: readonly number[];
}

/**
 * Checks a column choice, for every reader alike (a CSV file's header, a built-in dataset). Without
 * `columns` it checks the kinds only, before any file is read: the target a column name, the
 * features a list of names. With the table's column names it picks the target (the last column when
 * not chosen) and the features (every other column when not chosen), refusing a name that is no
 * column, no features at all, the target among the features and a feature chosen twice, each named
 * in the words of `columns.source` (`house.csv line 1`, `@iris`). An InputError carries the setting's key.
 *
 * @example
 * checkColumnChoice({ target: 'y', features: ['x'] }); // null: the kinds are right
 * checkColumnChoice({ features: ['b'] }, { names: ['a', 'b', 'y'], source: '@set' }); // { target: 2, features: [1] }
 */
export function checkColumnChoice(
  options: CsvOptions,
  columns?: { readonly names: readonly string[]; readonly source: string; readonly line?: number },
): ColumnChoice | null {
  const { target, features } = options as { target?: unknown; features?: unknown };
  if (target !== undefined && typeof target !== 'string') {
    throw new InputError((n) => `${n('target')}: expected a column name, got ${JSON.stringify(target)}`, {
      key: 'target',
    });
  }
  if (features !== undefined && !(Array.isArray(features) && features.every((f) => typeof f === 'string'))) {
    throw new InputError(
      (n) => `${n('features')}: expected a list of column names, got ${JSON.stringify(features)}`,
      { key: 'features' },
    );
  }
  if (columns === undefined) return null;
  const { names, source, line } = columns;
  const at = line === undefined ? source : `${source} line ${line}`;
  const list = names.filter((name) => name !== '').join(', ');
  const find = (name: string, role: 'target' | 'feature'): number => {
    const column = name === '' ? -1 : names.indexOf(name);
    if (column < 0) {
      throw new InputError(`${at}: no ${role} column "${name}"; the columns are ${list}`, {
        key: role === 'target' ? 'target' : 'features',
        ...(line !== undefined && { line }),
      });
    }
    return column;
  };
  const targetColumn = options.target === undefined ? names.length - 1 : find(options.target, 'target');
  let featureColumns: number[];
  if (options.features === undefined) {
    featureColumns = names.map((_, column) => column).filter((column) => column !== targetColumn);
  } else {
    if (options.features.length === 0)
      throw new InputError(`${source}: no feature columns chosen`, { key: 'features' });
    featureColumns = options.features.map((name) => find(name, 'feature'));
  }
  if (featureColumns.includes(targetColumn)) {
    throw new InputError(
      `${source}: ${quoted(names[targetColumn]!)} cannot be both the target and a feature`,
      { key: 'features' },
    );
  }
  const twice = featureColumns.find((column, j) => featureColumns.indexOf(column) !== j);
  if (twice !== undefined) {
    throw new InputError(`${source}: the feature column ${quoted(names[twice]!)} is chosen twice`, {
      key: 'features',
    });
  }
  return { target: targetColumn, features: featureColumns };
}

/**
 * Receives a CSV file's records in order — the header first — and builds a Dataset, appending
 * numbers straight into growing Float64Arrays so no record outlives its line. Every problem is an
 * InputError naming the source, the line (1-based, the header is line 1) and the column.
 *
 * @example
 * const table = new CsvTable('data.csv', 'data', { target: 'y' });
 * table.add(['x', 'y'], 1);
 * table.add(['1', '3'], 2);
 * table.finish(); // { rows: 1, featureNames: ['x'], features: [1], target: [3], classes: null, … }
 */
export class CsvTable {
  private header: readonly string[] | null = null;
  private featureColumns: readonly number[] = [];
  private targetColumn = -1;
  private kind: TargetKind;
  private rows = 0;
  private readonly features = new GrowableFloats();
  private readonly target = new GrowableFloats();
  private readonly labels = new Map<string, number>();

  constructor(
    private readonly source: string,
    private readonly name: string,
    private readonly options: CsvOptions,
  ) {
    checkColumnChoice(options);
    this.kind = options.targetKind ?? 'auto';
  }

  /** Takes the next record as csv-parse gives it, with the line it ends on. */
  add(fields: readonly string[], endLine: number): void {
    if (this.header === null) {
      this.readHeader(fields, endLine);
      return;
    }
    if (fields.length !== this.header.length) {
      const count = fields.length === 1 ? '1 field' : `${fields.length} fields`;
      throw this.error(fields, endLine, `${count}, but the header has ${this.header.length} columns`);
    }
    for (const column of this.featureColumns) {
      const value = cellNumber(fields[column]!);
      if (!Number.isFinite(value)) throw this.featureError(fields, endLine, column);
      this.features.push(value);
    }
    this.target.push(this.targetValue(fields, endLine));
    this.rows++;
  }

  /** The Dataset read so far; an empty file or one without data rows is bad input. */
  finish(): Dataset {
    if (this.header === null)
      throw new InputError(`${this.source}: the file is empty; expected a header row`);
    if (this.rows === 0) throw new InputError(`${this.source}: no data rows after the header (line 1)`);
    const target = this.target.toArray();
    // Labels were numbered as they appeared; renumber them into the documented sorted order.
    const classes = this.kind === 'categorical' ? renumberLabels([...this.labels.keys()], target) : null;
    return {
      name: this.name,
      featureNames: this.featureColumns.map((c) => this.header![c]!),
      targetName: this.header[this.targetColumn]!,
      rows: this.rows,
      features: this.features.toArray(),
      target,
      classes,
    };
  }

  /** The chosen columns, once the header row has been added. */
  get columns(): CsvColumns | null {
    if (this.header === null) return null;
    return { header: this.header, features: this.featureColumns, target: this.targetColumn, kind: this.kind };
  }

  private readHeader(fields: readonly string[], line: number): void {
    const separator = fields.length === 1 ? otherSeparator(fields[0]!) : undefined;
    if (separator !== undefined) {
      throw new InputError(
        `${this.source} line ${line}: the file looks ${separator}-separated; downhill reads comma-separated values (commas between fields, points in decimals), and this header ${quoted(fields[0]!)} is one column`,
        { file: this.source, line },
      );
    }
    const known = new Map<string, number>();
    fields.forEach((name, column) => {
      if (name === '') return;
      if (known.has(name)) {
        throw new InputError(
          `${this.source} line ${line}: the header names ${quoted(name)} twice (columns ${known.get(name)! + 1} and ${column + 1})`,
        );
      }
      known.set(name, column);
    });
    const choice = checkColumnChoice(this.options, { names: fields, source: this.source, line })!;
    this.targetColumn = choice.target;
    this.featureColumns = choice.features;
    const chosen = [...this.featureColumns, this.targetColumn];
    const unnamed = chosen.find((column) => fields[column] === '');
    if (unnamed !== undefined) {
      throw new InputError(
        (name) =>
          `${this.source} line ${line}: column ${unnamed + 1} has no name; name it or choose columns with ${name('target')} and ${name('features')}`,
        { key: 'target' },
      );
    }
    if (this.featureColumns.length === 0) {
      throw new InputError(
        `${this.source} line ${line}: only one column; a dataset needs a feature and a target`,
      );
    }
    this.header = fields;
  }

  private targetValue(fields: readonly string[], line: number): number {
    const text = fields[this.targetColumn]!;
    if (this.kind === 'auto') this.kind = looksNumeric(text) ? 'numeric' : 'categorical';
    if (this.kind === 'numeric') {
      const value = cellNumber(text);
      if (Number.isFinite(value)) return value;
      const reason = whyNotNumber(text);
      // Only a guess at numbers can be wrong; a caller that asked for numbers reads no labels.
      const guessed = (this.options.targetKind ?? 'auto') === 'auto';
      const hint =
        guessed && !looksNumeric(text) ? ' (the target holds numbers; read it as labels to classify)' : '';
      throw this.cellError(fields, line, this.targetColumn, reason + hint);
    }
    if (text === '') throw this.cellError(fields, line, this.targetColumn, 'empty cell');
    let index = this.labels.get(text);
    if (index === undefined) {
      index = this.labels.size;
      this.labels.set(text, index);
    }
    return index;
  }

  /**
   * A feature cell that is no number. A word on the first data row in a column made a feature by default
   * (every column but the target) is most likely a column the person never meant to use: the error says so and names the
   * setting that leaves it out, with the columns that were numbers on this line.
   */
  private featureError(fields: readonly string[], endLine: number, column: number): InputError {
    const text = fields[column]!;
    const error = this.cellError(fields, endLine, column, whyNotNumber(text));
    const numeric = this.featureColumns.filter((c) => Number.isFinite(cellNumber(fields[c]!)));
    // Only on the first data row: a word further down is a bad cell in a column of numbers.
    if (this.rows > 0 || this.options.features !== undefined || looksNumeric(text) || numeric.length === 0)
      return error;
    const names = numeric.map((c) => this.header![c]!).join(',');
    return new InputError(
      (name) =>
        `${error.message} — ${quoted(this.header![column]!)} is a feature because ${name('features')} is not given (every column but the target is one); ${name('features')} ${names} leaves it out`,
      { key: 'features', file: this.source, ...(error.line !== undefined && { line: error.line }) },
    );
  }

  private cellError(fields: readonly string[], endLine: number, column: number, reason: string): InputError {
    return this.error(fields, endLine, reason, `, column ${column + 1} ${quoted(this.header![column]!)}`);
  }

  private error(fields: readonly string[], endLine: number, reason: string, where = ''): InputError {
    // csv-parse reports the line a record ends on; a quoted field holding line breaks started earlier.
    const breaks = fields.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const at = endLine - breaks;
    return new InputError(`${this.source} line ${at}${where}: ${reason}`, { file: this.source, line: at });
  }
}

/**
 * The csv-parse options downhill sets, typed here rather than imported so that the package's browser
 * types never reach csv-parse's Node typings (Buffer, stream).
 */
export interface CsvParseSettings {
  bom: boolean;
  trim: boolean;
  skip_empty_lines: boolean;
  relax_column_count: boolean;
  on_record: (record: string[], context: { lines: number }) => null;
}

/**
 * csv-parse options that feed every record to `table` and keep none: the header is read as a record,
 * a BOM and blank lines are skipped, fields are trimmed, and ragged rows reach the table so its
 * message can name the line and both widths.
 *
 * @example
 * parse(text, csvParseOptions(table)); // with csv-parse/sync or the csv-parse stream
 */
export function csvParseOptions(table: CsvTable): CsvParseSettings {
  return {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: (record: string[], context) => {
      table.add(record, context.lines);
      return null;
    },
  };
}

/**
 * The InputError for anything csv-parse throws: its own syntax errors get the source and line; an
 * InputError raised by the table passes through unchanged.
 *
 * @example
 * try { parse(text, csvParseOptions(table)); } catch (error) { throw csvFailure('data.csv', error); }
 */
export function csvFailure(source: string, error: unknown): unknown {
  // Duck-typed: the Node and browser builds of csv-parse each have their own CsvError class.
  const { code, lines } = error as { code?: unknown; lines?: unknown };
  if (error instanceof InputError || typeof code !== 'string' || typeof lines !== 'number') return error;
  const reasons: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
    INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double inner quotes)',
    CSV_INVALID_CLOSING_QUOTE: 'text right after a closing quote',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text right after a closing quote',
  };
  return new InputError(
    `${source} line ${lines}: ${Object.hasOwn(reasons, code) ? reasons[code] : (error as Error).message}`,
    { file: source, line: lines },
  );
}
