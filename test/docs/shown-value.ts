// The check behind a doc example's `expression; // → value` line: the value the expression gives is the one written.

/** Half a unit in the last place a number is written to (exact for whole numbers written without an exponent). */
function tolerance(written: string): number {
  const [mantissa = '', exponent] = written.toLowerCase().split('e');
  const decimals = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  if (decimals === 0 && exponent === undefined) return 1e-9 * Math.max(1, Math.abs(Number(written)));
  return 0.5 * 10 ** (Number(exponent ?? 0) - decimals);
}

/** Typed arrays compare as arrays; everything else as it is. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** The numbers of a written value as written (their digits), in order, strings left out. */
export function writtenNumbers(text: string): string[] {
  const bare = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  return bare.match(/(?<![\w.])-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? [];
}

/**
 * Where the two differ (a path such as `[1].x`), or null when the actual value shows what is written. `digits` holds
 * the numbers of `expected` as written, in order, so each is compared to the digits it is written to.
 */
export function difference(
  actual: unknown,
  expected: unknown,
  digits: string[] = [],
  path = '',
): string | null {
  const got = plain(actual);
  const where = path || 'value';
  if (typeof expected === 'number') {
    const written = digits.shift();
    const allowed = tolerance(
      written !== undefined && Number(written) === expected ? written : String(expected),
    );
    if (typeof got !== 'number') return `${where}: a number was written, got ${typeof got}`;
    if (Number.isNaN(expected) ? Number.isNaN(got) : Math.abs(got - expected) <= allowed) return null;
    return `${where}: ${written ?? expected} was written, got ${got}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return `${where}: an array was written, got ${typeof got}`;
    if (got.length !== expected.length)
      return `${where}: ${expected.length} items written, got ${got.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = difference(got[i], expected[i], digits, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    // The fields written must match; the value may carry more.
    if (got === null || typeof got !== 'object') return `${where}: an object was written, got ${String(got)}`;
    for (const [key, want] of Object.entries(expected)) {
      const d = difference((got as Record<string, unknown>)[key], want, digits, `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  return got === expected
    ? null
    : `${where}: ${JSON.stringify(expected)} was written, got ${JSON.stringify(got)}`;
}

/** Throws, naming the example and line, when the value is not the one written after `// →`. */
export function shown(actual: unknown, expected: unknown, written: string, where: string): void {
  const d = difference(actual, expected, writtenNumbers(written));
  if (d !== null) throw new Error(`${where}: ${d}`);
}
