// RecentSteps: the last stretch of a run's values, point norms and reversals, in bounded memory, for the verdict.

/**
 * What a run's verdict reads, kept in bounded memory however long the run: the value and ‖x‖ at the
 * last `capacity` iterates (at least), whether each of those steps reversed the one before, the value
 * at the start and the best value among the iterates no longer held. Arrays of twice the capacity
 * slide down by half when full, so each push costs O(1) amortized.
 *
 * @example
 * const recent = new RecentSteps(4);
 * for (let k = 0; k < 10; k++) recent.push(10 - k, k, false);
 * recent.view().values; // the last 4 to 8 values, ending at 1
 */
export class RecentSteps {
  private readonly capacity: number;
  private readonly values: Float64Array;
  private readonly norms: Float64Array;
  private readonly reversed: Uint8Array;
  private size = 0;
  private dropped = 0;
  private bestDropped = Number.POSITIVE_INFINITY;
  private first = Number.NaN;

  constructor(capacity = 1 << 16) {
    this.capacity = Math.max(8, capacity);
    this.values = new Float64Array(2 * this.capacity);
    this.norms = new Float64Array(2 * this.capacity);
    this.reversed = new Uint8Array(2 * this.capacity);
  }

  /** Records an iterate: its value, its norm, and whether the step to it reversed the step before. */
  push(value: number, pointNorm: number, reversed: boolean): void {
    if (this.dropped === 0 && this.size === 0) this.first = value;
    if (this.size === this.values.length) {
      const cut = this.size - this.capacity;
      for (let i = 0; i < cut; i++) {
        if (this.values[i]! < this.bestDropped) this.bestDropped = this.values[i]!;
      }
      this.values.copyWithin(0, cut, this.size);
      this.norms.copyWithin(0, cut, this.size);
      this.reversed.copyWithin(0, cut, this.size);
      this.size -= cut;
      this.dropped += cut;
    }
    this.values[this.size] = value;
    this.norms[this.size] = pointNorm;
    this.reversed[this.size] = reversed ? 1 : 0;
    this.size++;
  }

  /** Steps taken (iterates recorded, less the start). */
  get steps(): number {
    return this.dropped + this.size - 1;
  }

  /** Of the last `capacity` steps (all of them in a shorter run), how many reversed direction. */
  reversals(): { reversed: number; of: number } {
    const { reversals } = this.view();
    let reversed = 0;
    for (let i = 1; i < reversals.length; i++) reversed += reversals[i]!;
    return { reversed, of: reversals.length - 1 };
  }

  /**
   * The last `capacity` + 1 iterates (all of them in a shorter run), oldest first (`reversals[k]` says
   * whether the step into `values[k]` reversed; meaningless for the start), with the start's value
   * and the best value of the iterates before them.
   */
  view(): {
    steps: number;
    first: number;
    bestBefore: number;
    values: Float64Array;
    pointNorms: Float64Array;
    reversals: Uint8Array;
  } {
    const from = Math.max(0, this.size - this.capacity - 1);
    let bestBefore = this.bestDropped;
    for (let i = 0; i < from; i++) if (this.values[i]! < bestBefore) bestBefore = this.values[i]!;
    return {
      steps: this.steps,
      first: this.first,
      bestBefore,
      values: this.values.subarray(from, this.size),
      pointNorms: this.norms.subarray(from, this.size),
      reversals: this.reversed.subarray(from, this.size),
    };
  }
}
