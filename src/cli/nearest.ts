// The name nearest to a word typed wrong, for the "did you mean" of an unknown command or optimizer.

/**
 * The name within `within` edits of `word` with the fewest (the first of equals), or undefined: the
 * nearest, not the first within reach — plt is plot (one edit), not fit (two). Case counts for
 * nothing: ADAM is adam, FIT is fit (no edit at all).
 *
 * @example
 * nearestName('adma', ['gd', 'adam', 'adamw']); // 'adam'
 * nearestName('ADAM', ['gd', 'adam', 'adamw']); // 'adam'
 */
export function nearestName(word: string, names: readonly string[], within = 2): string | undefined {
  let best: { name: string; d: number } | undefined;
  const typed = word.toLowerCase();
  for (const name of names) {
    const d = editDistance(name.toLowerCase(), typed);
    if (d <= within && (best === undefined || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** Levenshtein's distance between two words: the edits (insert, delete, replace a letter) from one to the other. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
