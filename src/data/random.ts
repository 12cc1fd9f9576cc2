// Random: the seeded generator behind every random choice in downhill (xoshiro128**, plain-data state).

import { InputError } from '../errors.js';

/**
 * A generator's whole state as plain data, for checkpoints: restoring it replays the same stream.
 *
 * @example
 * const rng = Random.seeded(42);
 * const saved: RandomState = rng.getState();
 * const first = rng.next();
 * Random.fromState(saved).next() === first; // → true
 */
export interface RandomState {
  readonly algorithm: 'xoshiro128**';
  /** The four 32-bit state words, as unsigned integers; never all zero. */
  readonly words: readonly [number, number, number, number];
}

const TWO_POW_53 = 9007199254740992;
const TWO_POW_26 = 67108864;
const MASK_64 = (1n << 64n) - 1n;

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/**
 * A seeded pseudo-random generator: xoshiro128** 1.1 by Blackman and Vigna
 * (https://prng.di.unimi.it/xoshiro128starstar.c), seeded through splitmix64 as its authors advise.
 * Small, fast and statistically sound for simulation; not for cryptography. downhill never calls
 * Math.random, so a seed fixes every dataset, initialization, split and batch order.
 *
 * @example
 * const rng = Random.seeded(42);
 * const x = rng.next(); // a number in [0, 1)
 * rng.normal(); // a standard normal draw
 * const saved = rng.getState();
 * Random.fromState(saved).next() === rng.next(); // → true
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(words: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  /**
   * A generator seeded from a whole number 0 ≤ seed < 2^53: two splitmix64 outputs fill the four words.
   *
   * @example
   * Random.seeded(1).nextUint32() === Random.seeded(1).nextUint32(); // true
   */
  static seeded(seed: number): Random {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new InputError(`seed must be a whole number from 0 to 2^53 - 1, got ${seed}`);
    }
    let x = BigInt(seed);
    const splitmix64 = (): bigint => {
      x = (x + 0x9e3779b97f4a7c15n) & MASK_64;
      let z = x;
      z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
      z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
      return z ^ (z >> 31n);
    };
    const a = splitmix64();
    const b = splitmix64();
    const low = (v: bigint): number => Number(v & 0xffffffffn);
    const high = (v: bigint): number => Number(v >> 32n);
    // splitmix64 is a bijection on distinct counters, so a and b are never both zero.
    return new Random([low(a), high(a), low(b), high(b)]);
  }

  /**
   * A generator that continues from a saved state; a malformed state (e.g. an edited checkpoint) is bad input.
   *
   * @example
   * const rng = Random.seeded(7);
   * const copy = Random.fromState(rng.getState());
   * rng.next() === copy.next(); // true
   */
  static fromState(state: RandomState): Random {
    const words = (state as { words?: unknown }).words;
    const valid =
      state.algorithm === 'xoshiro128**' &&
      Array.isArray(words) &&
      words.length === 4 &&
      words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) &&
      words.some((w) => w !== 0);
    if (!valid)
      throw new InputError(
        'random generator state: expected xoshiro128** with four 32-bit words, not all zero',
      );
    const [a, b, c, d] = words as number[];
    return new Random([a!, b!, c!, d!]);
  }

  /**
   * The state as plain data (a copy).
   *
   * @example
   * JSON.stringify(Random.seeded(3).getState()); // '{"algorithm":"xoshiro128**","words":[…]}'
   */
  getState(): RandomState {
    return { algorithm: 'xoshiro128**', words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  /**
   * The next raw output, a uniform 32-bit unsigned integer.
   *
   * @example
   * Random.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4] }).nextUint32(); // 11520
   */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /**
   * A uniform number in [0, 1) with all 53 bits of a double random (27 + 26 bits of two outputs,
   * as in genrand_res53 of the Mersenne Twister reference code).
   *
   * @example
   * const u = Random.seeded(0).next(); // 0 <= u < 1
   */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /**
   * A normal draw with the given mean and standard deviation (Box–Muller, cosine branch). Using one
   * result per pair of uniforms keeps the state four words, with no cached spare to checkpoint.
   *
   * @example
   * Random.seeded(5).normal(0, 0.1); // a small weight for initialization
   */
  normal(mean = 0, std = 1): number {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return mean + std * radius * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * A uniform number in [low, high).
   *
   * @example
   * Random.seeded(5).uniform(-1, 1);
   */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /**
   * A uniform whole number in 0 … n−1 for 1 ≤ n ≤ 2^32, without modulo bias: outputs from the
   * incomplete last block of n values are drawn again.
   *
   * @example
   * Random.seeded(9).int(6); // a die roll minus one
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000)
      throw new RangeError(`int(n) needs 1 <= n <= 2^32, got ${n}`);
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Shuffles in place with Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P): every permutation equally likely.
   *
   * @example
   * const order = Uint32Array.from({ length: 10 }, (_, i) => i);
   * Random.seeded(1).shuffle(order); // a permutation of 0…9
   */
  shuffle(values: Uint32Array): Uint32Array {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const swap = values[i]!;
      values[i] = values[j]!;
      values[j] = swap;
    }
    return values;
  }
}
