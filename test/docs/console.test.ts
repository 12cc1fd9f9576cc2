// README and docs/: every console block is a command and its output, run here and compared.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { consoleCommands, outputMismatch } from './console-blocks.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const docs = [
  'README.md',
  ...(existsSync(join(repo, 'docs'))
    ? readdirSync(join(repo, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`)
    : []),
];
const cwd = mkdtempSync(join(tmpdir(), 'downhill-docs-'));
for (const shared of ['datasets', 'test']) symlinkSync(join(repo, shared), join(cwd, shared));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('console blocks', () => {
  it('compares numbers to the printed digits and skips marked parts', () => {
    expect(outputMismatch('value 2.00', 'value 2.0012')).toBeNull();
    expect(outputMismatch('value 2.00', 'value 2.01')).not.toBeNull();
    expect(outputMismatch('took … s', 'took 0.31 s')).toBeNull();
    expect(outputMismatch('a\n…\nz', 'a\nb\nc\nz')).toBeNull();
    expect(outputMismatch('a\nz', 'a\nb')).not.toBeNull();
  });

  for (const file of docs) {
    const commands = consoleCommands(file, readFileSync(join(repo, file), 'utf8'));
    for (const c of commands) {
      it(`${file}:${c.line} ${c.command}`, () => {
        const shell = c.command.replace(/^npx downhill\b/, `node ${join(repo, 'dist/cli/main.js')}`);
        const child = spawnSync('bash', ['-c', shell], {
          cwd,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        });
        expect(outputMismatch(c.expected, child.stdout + child.stderr)).toBeNull();
      });
    }
  }
});
