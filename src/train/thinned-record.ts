// ThinnedRecord: rows recorded step by step in bounded memory — every row up to a limit, then an evenly thinned set that keeps the first, the last and the extremes.

/**
 * A thinned record's whole state, plain data, so a checkpoint can carry it and resume it exactly.
 *
 * @example
 * const record = new ThinnedRecord(1, { limit: 4 });
 * for (let k = 0; k < 10; k++) record.push(k, [k * k]);
 * const state: ThinnedState = record.state();
 * ThinnedRecord.restore(1, state, { limit: 4 }).length === record.length; // → true
 */
export interface ThinnedState {
  /** The step of each kept row, ascending. */
  readonly steps: Float64Array;
  /** The kept rows, `width` numbers each, row-major. */
  readonly rows: Float64Array;
  /** Rows at steps that are multiples of it are kept; it doubles each time the record is thinned. */
  readonly stride: number;
}

/**
 * Rows of `width` numbers, one per step, kept so that memory stays bounded however many steps a run
 * takes: every row until `limit` rows are held, then — each time the count reaches twice the limit —
 * the stride doubles and only rows at multiples of it are kept, plus the first row, the newest row and
 * the rows holding the smallest and largest finite value of each `tracked` column. The picture of a
 * run of 10⁹ steps thus still starts at its start, ends at its end and reaches its extremes; the
 * record never holds more than 2·limit + 2·tracked + 2 rows.
 *
 * @example
 * const record = new ThinnedRecord(2, { limit: 4, tracked: [0] });
 * for (let k = 0; k < 1000; k++) record.push(k, [Math.sin(k), k]);
 * record.length <= 12; // → true
 * [record.column(1)[0], record.last(1)]; // → [0, 999]
 */
export class ThinnedRecord {
  readonly width: number;
  private readonly limit: number;
  private readonly tracked: readonly number[];
  private steps: Float64Array;
  private rows: Float64Array;
  private size = 0;
  private stride = 1;
  /** Per tracked column, the row of its smallest and of its largest finite value (−1: none yet). */
  private readonly low: Int32Array;
  private readonly high: Int32Array;

  constructor(width: number, options: { limit?: number; tracked?: readonly number[] } = {}) {
    this.width = width;
    this.limit = Math.max(2, Math.floor(options.limit ?? 5000));
    this.tracked = options.tracked ?? [];
    this.low = new Int32Array(this.tracked.length).fill(-1);
    this.high = new Int32Array(this.tracked.length).fill(-1);
    const capacity = 2 * this.limit + 2 * this.tracked.length + 2;
    this.steps = new Float64Array(Math.min(capacity, 64));
    this.rows = new Float64Array(this.steps.length * width);
  }

  /** A record in the state `state()` gave, to go on exactly as the one that gave it would. */
  static restore(
    width: number,
    state: ThinnedState,
    options: { limit?: number; tracked?: readonly number[] } = {},
  ): ThinnedRecord {
    const record = new ThinnedRecord(width, options);
    record.stride = state.stride;
    for (let i = 0; i < state.steps.length; i++) {
      record.append(state.steps[i]!, state.rows.subarray(i * width, (i + 1) * width));
    }
    if (record.size > 2 * record.limit) record.thin();
    return record;
  }

  /** Rows held. */
  get length(): number {
    return this.size;
  }

  /** Records the row of `step` (steps must increase). */
  push(step: number, row: ArrayLike<number>): void {
    // The newest row is kept only for being the newest: the next one takes its place.
    if (this.size > 1 && this.replaceable(this.size - 1)) this.size--;
    this.append(step, row);
    if (this.size > 2 * this.limit) this.thin();
  }

  /** The kept rows' steps and rows, copied. */
  state(): ThinnedState {
    return {
      steps: this.steps.slice(0, this.size),
      rows: this.rows.slice(0, this.size * this.width),
      stride: this.stride,
    };
  }

  /** One column of the kept rows, copied. */
  column(c: number): Float64Array {
    const out = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.rows[i * this.width + c]!;
    return out;
  }

  /** The value of column `c` in the newest row. */
  last(c: number): number | undefined {
    return this.size === 0 ? undefined : this.rows[(this.size - 1) * this.width + c];
  }

  private append(step: number, row: ArrayLike<number>): void {
    if (this.size === this.steps.length) {
      const steps = new Float64Array(this.steps.length * 2);
      steps.set(this.steps);
      const rows = new Float64Array(steps.length * this.width);
      rows.set(this.rows);
      this.steps = steps;
      this.rows = rows;
    }
    this.steps[this.size] = step;
    const at = this.size * this.width;
    for (let c = 0; c < this.width; c++) this.rows[at + c] = row[c]!;
    this.noteExtremes(this.size);
    this.size++;
  }

  private noteExtremes(i: number): void {
    for (let t = 0; t < this.tracked.length; t++) {
      const c = this.tracked[t]!;
      const v = this.rows[i * this.width + c]!;
      if (!Number.isFinite(v)) continue;
      const low = this.low[t]!;
      const high = this.high[t]!;
      if (low < 0 || v < this.rows[low * this.width + c]!) this.low[t] = i;
      if (high < 0 || v > this.rows[high * this.width + c]!) this.high[t] = i;
    }
  }

  private isExtreme(i: number): boolean {
    return this.low.includes(i) || this.high.includes(i);
  }

  /** Whether row i is held for no reason but being the newest: off the stride, not the first, no extreme. */
  private replaceable(i: number): boolean {
    return i !== 0 && this.steps[i]! % this.stride !== 0 && !this.isExtreme(i);
  }

  private thin(): void {
    do {
      this.stride *= 2;
      let kept = 0;
      for (let i = 0; i < this.size; i++) {
        const keep =
          i === 0 || i === this.size - 1 || this.steps[i]! % this.stride === 0 || this.isExtreme(i);
        if (!keep) continue;
        if (kept !== i) {
          this.steps[kept] = this.steps[i]!;
          this.rows.copyWithin(kept * this.width, i * this.width, (i + 1) * this.width);
        }
        kept++;
      }
      this.size = kept;
      // Rows moved: find the extremes again among those kept (which still hold them).
      this.low.fill(-1);
      this.high.fill(-1);
      for (let i = 0; i < this.size; i++) this.noteExtremes(i);
    } while (this.size > 2 * this.limit);
  }
}
