// Exact JSON: plain data with typed arrays and every double (NaN, ±Infinity, −0 too) kept bit for bit.

import { decodeBase64, encodeBase64 } from './base64.js';

/**
 * JSON for checkpoints. Float64Arrays become `{ "$f64": base64 of their little-endian bytes }`,
 * Uint32Arrays `{ "$u32": … }`, and numbers JSON cannot hold exactly (NaN, ±Infinity, −0) become
 * `{ "$num": "NaN" }` etc. Finite numbers stay plain: JavaScript prints the shortest decimal that
 * reads back to the same double, so they round-trip exactly.
 *
 * @example
 * const text = encodeExactJson({ mu: Float64Array.of(0.1, -0), best: Infinity });
 * decodeExactJson(text); // { mu: Float64Array [0.1, -0], best: Infinity }
 */
export function encodeExactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $num: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (v instanceof Float64Array) {
      const bytes = new Uint8Array(v.length * 8);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < v.length; i++) view.setFloat64(i * 8, v[i]!, true);
      return { $f64: encodeBase64(bytes) };
    }
    if (v instanceof Uint32Array) {
      const bytes = new Uint8Array(v.length * 4);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < v.length; i++) view.setUint32(i * 4, v[i]!, true);
      return { $u32: encodeBase64(bytes) };
    }
    return v;
  });
}

const specials: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

/**
 * Reads what encodeExactJson wrote. Malformed text throws (SyntaxError or RangeError); callers turn
 * that into bad input naming the file.
 *
 * @example
 * decodeExactJson('{"x":{"$num":"-0"}}'); // { x: -0 }
 */
export function decodeExactJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.length !== 1) return v;
    const tagged = v as Record<string, unknown>;
    if (typeof tagged.$num === 'string') {
      const n = specials[tagged.$num];
      if (n === undefined) throw new RangeError(`exact JSON: unknown number "${tagged.$num}"`);
      return n;
    }
    if (typeof tagged.$f64 === 'string') {
      const bytes = decodeBase64(tagged.$f64);
      if (bytes.length % 8 !== 0)
        throw new RangeError('exact JSON: Float64Array bytes are not a multiple of 8');
      const view = new DataView(bytes.buffer);
      return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
    }
    if (typeof tagged.$u32 === 'string') {
      const bytes = decodeBase64(tagged.$u32);
      if (bytes.length % 4 !== 0)
        throw new RangeError('exact JSON: Uint32Array bytes are not a multiple of 4');
      const view = new DataView(bytes.buffer);
      return Uint32Array.from({ length: bytes.length / 4 }, (_, i) => view.getUint32(i * 4, true));
    }
    return v;
  });
}
