// base64: bytes to text and back, without Node's Buffer, so checkpoints encode in a browser too.

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const codes = new Int16Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) codes[alphabet.charCodeAt(i)] = i;

/**
 * Standard base64 (RFC 4648 §4) with `=` padding.
 *
 * @example
 * encodeBase64(Uint8Array.of(104, 105)); // 'aGk='
 */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk +=
      alphabet[n >> 18]! +
      alphabet[(n >> 12) & 63]! +
      (i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : '=') +
      (i + 2 < bytes.length ? alphabet[n & 63]! : '=');
    // Joining bounded chunks keeps string building linear for arrays of millions of numbers.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/**
 * Decodes standard base64; anything else (a truncated or edited checkpoint) throws a RangeError.
 *
 * @example
 * decodeBase64('aGk='); // Uint8Array [104, 105]
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new RangeError('base64: length is not a multiple of 4');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = text.charCodeAt(i + k);
      const isPad = ch === 61 && i + k >= text.length - padding;
      const v = isPad ? 0 : ch < 128 ? codes[ch]! : -1;
      if (v < 0) throw new RangeError(`base64: unexpected character at ${i + k}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
