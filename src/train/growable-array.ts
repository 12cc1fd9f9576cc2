// GrowableArray: an append-only Float64Array that doubles its capacity, for histories of unknown length.

export class GrowableArray {
  private data = new Float64Array(64);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) this.grow(this.size + 1);
    this.data[this.size++] = value;
  }

  pushAll(values: Float64Array): void {
    if (this.size + values.length > this.data.length) this.grow(this.size + values.length);
    this.data.set(values, this.size);
    this.size += values.length;
  }

  /** A copy of the values pushed so far. */
  toArray(): Float64Array {
    return this.data.slice(0, this.size);
  }

  private grow(needed: number): void {
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.size));
    this.data = next;
  }
}
