// The library never speaks command-line flags: no `--flag` text in src/ outside src/cli/, in any string the code builds.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../../src');

/** Strings that are not our flags: Node's own V8 option, set before the kernels compile. */
const allowed = new Set(['kernels/relaxed-simd-node.ts: --experimental-wasm-relaxed-simd']);

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path === join(src, 'cli') ? [] : files(path);
    return name.endsWith('.ts') ? [path] : [];
  });

/** Every `--word` in the string and template literals of a file (comments are documentation, not output). */
function flagTexts(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const m of node.text.matchAll(/(?<![\w-])--[a-z][\w-]*/g)) found.push(m[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no flag text in the library', () => {
  it('finds flag text where it is (the check reads what it should)', () => {
    expect(flagTexts(join(src, 'kernels', 'relaxed-simd-node.ts'))).toEqual([
      '--experimental-wasm-relaxed-simd',
    ]);
  });

  it('src/ outside src/cli/ builds no `--flag` text', () => {
    const wrong = files(src).flatMap((file) =>
      flagTexts(file)
        .map((flag) => `${relative(src, file).split(sep).join('/')}: ${flag}`)
        .filter((entry) => !allowed.has(entry)),
    );
    expect(wrong).toEqual([]);
  });
});
