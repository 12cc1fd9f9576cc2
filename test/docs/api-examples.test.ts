// The public API's doc comments: every export is documented with an example, and every example type-checks and runs.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { publicExamples } from '../../scripts/doc-examples.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const exports = publicExamples(repo);
// Inside the repository, so that the examples import the sources and type-check with the project's options.
const dir = mkdtempSync(join(repo, 'test/docs/.examples-'));
// The examples run here, so that a file an example writes lands in a temporary folder.
const cwd = mkdtempSync(join(tmpdir(), 'downhill-examples-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

const entryPath: Record<string, string> = {
  downhill: '../../../src/index.js',
  'downhill/node': '../../../src/node.js',
};

/** The identifiers an example mentions, property names after a dot excepted. */
function mentioned(code: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    const isMemberName =
      (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) ||
      (ts.isQualifiedName(node.parent) && node.parent.right === node);
    if (ts.isIdentifier(node) && !isMemberName) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true), visit);
  return names;
}

/**
 * An example as a module. Each `expression; // → value` line checks that the expression gives that value (numbers to
 * the digits written, objects in the fields written).
 */
function exampleModule(code: string, name: string): string {
  const checked = code
    .split('\n')
    .map((line, i) => {
      const m = /^(\s*)(?!(?:const|let|var|import|export|for|if|throw|return)\b)(.+?);\s*\/\/ → (.+)$/.exec(
        line,
      );
      return m === null
        ? line
        : `${m[1]}__shown(${m[2]}, ${m[3]}, ${JSON.stringify(m[3])}, '${name} line ${i + 1}');`;
    })
    .join('\n');
  return `import { shown as __shown } from '../shown-value.js';\n${withImports(checked, name)}\nexport {};\n`;
}

/**
 * The public names an example uses, imported as a reader would from 'downhill' (or 'downhill/node' for the Node-only
 * ones); a namespace member's example reads its namespace's members by their own names. An example that writes its
 * own imports has them pointed at the sources instead.
 */
function withImports(code: string, name: string): string {
  const own = /from '(downhill(?:\/node)?)'/g;
  if (own.test(code)) return code.replace(own, (_, entry: string) => `from '${entryPath[entry]}'`);
  const used = mentioned(code);
  const declared = new Set(
    [...code.matchAll(/\b(?:const|let|var|function|class|type|interface)\s+(\w+)/g)].map((m) => m[1]),
  );
  for (const m of code.matchAll(/\b(?:const|let|var)\s+\{([^}]*)\}/g))
    for (const n of (m[1] ?? '').split(',')) declared.add(n.trim());
  const wanted = (n: string) => used.has(n) && !declared.has(n);
  const lines: string[] = [];
  const namespace = name.includes('.') ? name.slice(0, name.indexOf('.')) : undefined;
  if (namespace !== undefined) used.add(namespace);
  for (const entry of Object.keys(entryPath)) {
    for (const typeOnly of [false, true]) {
      const names = exports
        .filter((e) => !e.member && e.entry === entry && e.typeOnly === typeOnly)
        .map((e) => e.name)
        .filter(wanted);
      if (names.length > 0)
        lines.push(`import ${typeOnly ? 'type ' : ''}{ ${names.join(', ')} } from '${entryPath[entry]}';`);
    }
  }
  if (namespace !== undefined) {
    const members = exports.filter((e) => e.member && e.name.startsWith(`${namespace}.`));
    const short = (e: { name: string }) => e.name.slice(namespace.length + 1);
    const values = members
      .filter((e) => !e.typeOnly)
      .map(short)
      .filter(wanted);
    if (values.length > 0) lines.push(`const { ${values.join(', ')} } = ${namespace};`);
    for (const type of members.map(short).filter((n) => wanted(n) && /^[A-Z]/.test(n))) {
      lines.push(`type ${type} = ${namespace}.${type};`);
    }
  }
  return `${lines.join('\n')}\n${code}`;
}

function exampleFiles(): { file: string; name: string }[] {
  const files: { file: string; name: string }[] = [];
  for (const e of exports) {
    e.examples.forEach((code, i) => {
      const file = `${files.length + 1}-${e.name}-${i}.ts`;
      writeFileSync(join(dir, file), exampleModule(code, e.name));
      files.push({ file, name: e.name });
    });
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      include: ['*.ts', '../../../src/plot/gifenc.d.ts'],
    }),
  );
  return files;
}

describe('doc-comment examples of the public API', () => {
  it('documents every export, type and namespace member with an example', () => {
    const missing = exports.filter((e) => !e.documented || e.examples.length === 0).map((e) => e.name);
    console.log(`${exports.length - missing.length} of ${exports.length} exports documented with an example`);
    expect(missing).toEqual([]);
  });

  const files = exampleFiles();

  it('type-checks every example', () => {
    const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    expect(tsc.stdout).toBe('');
    expect(tsc.status).toBe(0);
  }, 300_000);

  it('runs every example', () => {
    // One process runs them all in turn, its console silenced, and reports the ones that throw.
    const runner = join(dir, 'run-all.mjs');
    const tsx = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
    const paths = files.map((f) => join(dir, f.file));
    writeFileSync(
      runner,
      [
        'const failed = [];',
        'const say = console.log;',
        'console.log = console.info = console.warn = () => {};',
        "process.on('unhandledRejection', (e) => failed.push('unhandled: ' + (e?.message ?? e)));",
        `for (const f of ${JSON.stringify(paths)}) {`,
        "  try { await import(f); } catch (e) { failed.push(f.split('/').pop() + ': ' + (e?.message ?? e)); }",
        '}',
        "say('RESULT ' + JSON.stringify(failed));",
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['--import', tsx, runner], {
      cwd,
      encoding: 'utf8',
      timeout: 100_000,
    });
    const result = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    expect(result, run.stderr).toBeDefined();
    expect(JSON.parse(result?.slice('RESULT '.length) ?? '[]')).toEqual([]);
  }, 300_000);
});
