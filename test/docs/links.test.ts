// README and docs/ link only to files that exist in the repository.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pages = [
  'README.md',
  'CHANGELOG.md',
  'examples/README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('documentation links', () => {
  for (const page of pages) {
    it(`${page} links only to files in the repository`, () => {
      const text = readFileSync(join(repo, page), 'utf8');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1] ?? '')
        .filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#'));
      const missing = targets.filter((t) => {
        const path = join(dirname(join(repo, page)), t.split('#')[0] ?? '');
        return !path.startsWith(repo) || !existsSync(path);
      });
      expect(missing).toEqual([]);
    });
  }
});
