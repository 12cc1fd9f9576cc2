// docs/library.md: every ```ts block type-checks against the sources and runs, printing what its comments say.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const guide = readFileSync(join(repo, 'docs/library.md'), 'utf8');
const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const dir = mkdtempSync(join(repo, 'test/docs/.library-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = blocks.map((code, i) => {
  const file = join(dir, `block-${i + 1}.ts`);
  writeFileSync(
    file,
    code
      .replace(/from 'downhill'/g, "from '../../../src/index.js'")
      .replace(/from 'downhill\/node'/g, "from '../../../src/node.js'"),
  );
  return file;
});
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../../tsconfig.base.json',
    compilerOptions: { noEmit: true },
    include: ['*.ts', '../../../src/plot/gifenc.d.ts'],
  }),
);

/** The values a block's `// a b c` comments promise, one line per console.log, compared loosely (numbers to their digits). */
function promised(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1] ?? '');
}

describe('docs/library.md', () => {
  it('has blocks to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it('type-checks every block', () => {
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    expect(tsc.stdout).toBe('');
  }, 300_000);

  files.forEach((file, i) => {
    it(`runs block ${i + 1} and prints what it says`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: repo, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const printed = run.stdout.trim().split('\n');
      const expected = promised(blocks[i] ?? '');
      expected.forEach((want, k) => {
        // The words before any parenthesis must appear; numbers in them must match to the digits shown.
        const words = want
          .replace(/\(.*\)/, '')
          .replace(/…/g, '')
          .trim()
          .split(/\s+/);
        const line = printed[printed.length - expected.length + k] ?? '';
        for (const word of words) {
          const asNumber = Number(word.replace(/[[\],{}]/g, ''));
          if (word.replace(/[[\],{}]/g, '') !== '' && Number.isFinite(asNumber)) {
            const near = (line.match(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? []).map(Number);
            expect(near.some((n) => Math.abs(n - asNumber) < 1e-5 * Math.max(1, Math.abs(asNumber)))).toBe(
              true,
            );
          } else {
            expect(line).toContain(word.replace(/[,{}]$/, ''));
          }
        }
      });
    }, 60_000);
  });
});
