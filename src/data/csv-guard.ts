// CsvGuard: refuses, before csv-parse sees them, bytes no CSV of numbers holds — NUL bytes and endless lines.

import { InputError } from '../errors.js';

/** The longest line read: 1 MiB holds 100,000 columns of 10-character numbers. */
export const maxLineBytes = 1 << 20;

/** Text or bytes, as a file streams in or an upload arrives. */
type Chunk = string | Uint8Array;

const LF = 10;
const CR = 13;

/**
 * Watches a CSV source chunk by chunk and throws an InputError naming the line as soon as it meets a
 * NUL byte (binary data — a sparse or corrupt file — never CSV text) or a line longer than
 * `maxLineBytes` (a file with no line breaks would otherwise be buffered whole as one field). Lines
 * end at LF, CR LF or a lone CR, as csv-parse counts them. Native `indexOf` scans do the work, so it
 * costs little beside the parser.
 *
 * @example
 * const guard = new CsvGuard('data.csv');
 * guard.check(chunk); // for every chunk, before the parser
 */
export class CsvGuard {
  private line = 1;
  private lineLength = 0;
  private afterCR = false;

  constructor(
    private readonly source: string,
    private readonly limit = maxLineBytes,
  ) {}

  check(chunk: Chunk): void {
    const find =
      typeof chunk === 'string'
        ? stringFinder(chunk)
        : (code: number, from: number) => chunk.indexOf(code, from);
    const nul = find(0, 0);
    const end = nul < 0 ? chunk.length : nul;
    let at = 0;
    let nextLF = find(LF, 0);
    let nextCR = find(CR, 0);
    while (at < end) {
      if (nextLF >= 0 && nextLF < at) nextLF = find(LF, at);
      if (nextCR >= 0 && nextCR < at) nextCR = find(CR, at);
      const next = Math.min(nextLF < 0 ? end : nextLF, nextCR < 0 ? end : nextCR, end);
      if (next > at) {
        this.lineLength += next - at;
        this.afterCR = false;
        if (this.lineLength > this.limit) {
          throw new InputError(
            `${this.source} line ${this.line}: the line is longer than ${this.limit / (1 << 20)} MiB — no line break where a CSV row should end`,
          );
        }
      }
      if (next >= end) break;
      const isLF = next === nextLF;
      // CR LF is one line break, even when a chunk ends between the two.
      if (!(isLF && this.afterCR)) this.line++;
      this.afterCR = !isLF;
      this.lineLength = 0;
      at = next + 1;
    }
    if (nul >= 0) {
      throw new InputError(
        `${this.source} line ${this.line}: a NUL byte — this is binary data, not CSV text`,
      );
    }
  }
}

function stringFinder(text: string): (code: number, from: number) => number {
  const chars = new Map<number, string>();
  return (code, from) => {
    let char = chars.get(code);
    if (char === undefined) {
      char = String.fromCharCode(code);
      chars.set(code, char);
    }
    return text.indexOf(char, from);
  };
}
