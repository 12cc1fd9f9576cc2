// Random: xoshiro128** outputs worked out by hand and from the published splitmix64 values, and its distributions.

import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { InputError } from '../../src/errors.js';

describe('Random', () => {
  it('follows xoshiro128** from the state [1, 2, 3, 4]', () => {
    // Output = rotl(s1·5, 7)·9. Step 1: s1 = 2 → rotl(10, 7) = 1280, ·9 = 11520; the state becomes
    // s2 = 3^1 = 2, s3 = 4^2 = 6, s1 = 2^2 = 0, s0 = 1^6 = 7, s2 ^= 2<<9 → 1026, s3 = rotl(6, 11) = 12288.
    // Step 2: s1 = 0 → 0; state [12295, 1029, 1026, 25165824]. Step 3: s1 = 1029 → rotl(5145, 7)·9 = 5927040.
    // Later values from an independent Python transcription of xoshiro128starstar.c.
    const rng = Random.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4] });
    const outputs = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('seeds through splitmix64 (published first outputs for seed 0: 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4)', () => {
    // Words are the low then high halves of each 64-bit output.
    expect(Random.seeded(0).getState().words).toEqual([0x7b1dcdaf, 0xe220a839, 0xa1b965f4, 0x6e789e6a]);
    expect(Random.seeded(42).getState().words).toEqual([803958421, 3184996902, 2993090819, 686809907]);
  });

  it('makes a 53-bit uniform from two outputs', () => {
    // Seed 0's first outputs 3737715805 and 2584255861: ((a >>> 5)·2^26 + (b >>> 6)) / 2^53.
    expect(Random.seeded(0).next()).toBe(0.870254774404272);
    expect(Random.seeded(42).next()).toBe(0.4137016681565887);
  });

  it('gives the same stream for the same seed, another for another seed', () => {
    const a = Random.seeded(123);
    const b = Random.seeded(123);
    const c = Random.seeded(124);
    const draws = (r: Random) => Array.from({ length: 20 }, () => r.next());
    const first = draws(a);
    expect(draws(b)).toEqual(first);
    expect(draws(c)).not.toEqual(first);
  });

  it('round-trips its state through JSON mid-stream', () => {
    const rng = Random.seeded(9);
    for (let i = 0; i < 37; i++) rng.normal();
    const copy = Random.fromState(JSON.parse(JSON.stringify(rng.getState())));
    expect(Array.from({ length: 50 }, () => copy.next())).toEqual(
      Array.from({ length: 50 }, () => rng.next()),
    );
  });

  it('rejects bad seeds and states as input errors', () => {
    expect(() => Random.seeded(-1)).toThrow(InputError);
    expect(() => Random.seeded(1.5)).toThrow(InputError);
    expect(() => Random.fromState({ algorithm: 'xoshiro128**', words: [0, 0, 0, 0] })).toThrow(InputError);
    expect(() => Random.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3] } as never)).toThrow(
      InputError,
    );
    expect(() => Random.fromState({ algorithm: 'mt19937', words: [1, 2, 3, 4] } as never)).toThrow(
      InputError,
    );
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = Random.seeded(5);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      squares += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    // Standard error of the mean is sqrt(1/12 / n) ≈ 0.0009; allow 5 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(squares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws normals with mean 0, variance 1 and the right tail mass over 100k draws', () => {
    const rng = Random.seeded(2024);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    const mean = sum / n;
    // SE(mean) = 1/sqrt(n) ≈ 0.0032; SE(variance) = sqrt(2/n) ≈ 0.0045; P(|z| > 2) = 0.0455, SE ≈ 0.00066.
    expect(Math.abs(mean)).toBeLessThan(0.016);
    expect(Math.abs(squares / n - mean * mean - 1)).toBeLessThan(0.023);
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.0033);
    const shifted = Random.seeded(1);
    const draws = Array.from({ length: 20_000 }, () => shifted.normal(3, 0.5));
    expect(Math.abs(draws.reduce((a, b) => a + b, 0) / draws.length - 3)).toBeLessThan(0.02);
  });

  it('draws integers below n uniformly', () => {
    const rng = Random.seeded(77);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]!++;
    // Each count ~ 10000 ± 91 (binomial SD); allow 5 SD.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(460);
    expect(rng.int(1)).toBe(0);
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('shuffles into a permutation, every position reachable', () => {
    const rng = Random.seeded(3);
    const order = Uint32Array.from({ length: 1000 }, (_, i) => i);
    rng.shuffle(order);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(order.some((v, i) => v !== i)).toBe(true);
    // Over many shuffles of 3 items, each of the 6 orders appears about 1/6 of the time.
    const seen = new Map<string, number>();
    for (let t = 0; t < 6000; t++) {
      const key = rng.shuffle(Uint32Array.of(0, 1, 2)).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const c of seen.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
});
