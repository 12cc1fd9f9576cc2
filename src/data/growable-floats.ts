// GrowableFloats: an append-only Float64Array for columns of unknown length, as a streamed file is read.

/**
 * Appends numbers into a Float64Array that doubles its capacity, so reading n values costs O(n)
 * time and at most about 3n × 8 bytes at the final copy — never one JavaScript number object per value.
 *
 * @example
 * const column = new GrowableFloats();
 * column.push(1.5);
 * column.push(2);
 * column.toArray(); // Float64Array [1.5, 2]
 */
export class GrowableFloats {
  private data: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = value;
  }

  pushAll(values: Float64Array): void {
    let capacity = this.data.length;
    while (this.size + values.length > capacity) capacity *= 2;
    if (capacity !== this.data.length) {
      const next = new Float64Array(capacity);
      next.set(this.data.subarray(0, this.size));
      this.data = next;
    }
    this.data.set(values, this.size);
    this.size += values.length;
  }

  /** The values pushed so far, in an array of exactly that length. */
  toArray(): Float64Array {
    return this.size === this.data.length ? this.data : this.data.slice(0, this.size);
  }
}
