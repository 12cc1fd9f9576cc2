// flagFor: the command-line flag of a setting's key — the one place keys become flag words.

/** Keys whose flag is not simply their kebab-case (CONTRACT's flag names). */
const renamed: Readonly<Record<string, string>> = {
  learningRate: 'lr',
  b1: 'beta1',
  b2: 'beta2',
};

/**
 * The flag for a setting's key: kebab-case of the key (`maxIter` → `--max-iter`), except
 * learningRate → `--lr`, b1 → `--beta1`, b2 → `--beta2`. Pure, with no Node imports, so a page's
 * "copy as command" can use it too.
 *
 * @example
 * flagFor('weightDecay'); // '--weight-decay'
 * flagFor('learningRate'); // '--lr'
 */
export function flagFor(key: string): string {
  return `--${renamed[key] ?? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * The flag's name without its dashes, as parseArgs keys its values.
 *
 * @example
 * flagName('batchSize'); // 'batch-size'
 */
export function flagName(key: string): string {
  return flagFor(key).slice(2);
}
