// The house's layering (STYLE.md): every import in src/ points down the layers, and no file imports itself back.
//
// Layers, lowest first; a file may import its own folder and any folder on a lower layer, never one on its
// own layer or above:
//   0  errors.ts                     InputError, which every layer throws
//   1  setting.ts                    SettingSpec and the one check of a value against it
//   2  numeric/, record/             vector ops, sigmoid, linear algebra, formatNumber; the plain types runs record
//   3  kernels/, autodiff/, expr/    hot fused loops; the tensor engine; typed expressions
//   4  data/, losses/                readers, datasets, scaling; pure (pred, target) losses
//   5  models/                       f(x, w) and its trainer for a loss (so models see losses and kernels)
//   6  optim/                        transforms, optimizers, line searches (may read models' least-squares shape)
//   7  diagnose/                     analyses, run and fit verdicts, gradient health: judgements over records
//   8  train/, plot/                 the loops that call the verdicts; figures drawn from records, not from train/
//   9  catalog.ts                    settingCatalog: every part's settings gathered by key
//  10  index.ts, internal.ts         the public entry, for Node and browsers alike; the front ends' internal one
//  11  node.ts                       the entry for Node: index.ts plus files, datasets and threads
//  12  cli/                          the command line: a shell over the library (it may use the entries)
// Nothing in src/ imports web/. Type-only and dynamic imports count like any other: a type back-edge is
// still a cycle a reader has to untangle.
// The front ends are shells over the library's entries: src/cli/ imports the library only through index.ts,
// node.ts and internal.ts, and web/src/ (a browser) only through index.ts and internal.ts.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

const layers: readonly (readonly string[])[] = [
  ['errors.ts'],
  ['setting.ts'],
  ['numeric', 'record'],
  ['kernels', 'autodiff', 'expr'],
  ['data', 'losses'],
  ['models'],
  ['optim'],
  ['diagnose'],
  ['train', 'plot'],
  ['catalog.ts'],
  ['index.ts', 'internal.ts'],
  ['node.ts'],
  ['cli'],
];
const layerOf = new Map(layers.flatMap((names, rank) => names.map((name) => [name, rank] as const)));

/** The folder (or top-level file) of src/ a path belongs to: `optim` for src/optim/adam.ts. */
const partOf = (file: string): string => relative(src, file).split(sep)[0]!;

function sourceFiles(dir: string): string[] {
  // (web/ holds its own tests and Vite's config outside src/; only web/src/ is the playground's code.)
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names: `./adam.js` is adam.ts beside it, a folder its index.ts. */
function resolveSpecifier(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return target;
}

/** Every relative import of every file under `dir`: static, type-only, re-exports and dynamic import(). */
function importGraph(dir = src): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    graph.set(
      file,
      importedFiles
        .map((i) => i.fileName)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolveSpecifier(file, s)),
    );
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan), each as a list of files. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const show = (file: string): string => relative(root, file).split(sep).join('/');

describe('layering', () => {
  const graph = importGraph();

  it('reads the imports it checks', () => {
    // A guard against a parser that silently finds nothing: these edges exist and cross layers correctly.
    expect(graph.get(join(src, 'train', 'minimize.ts'))).toContain(join(src, 'optim', 'method-from-spec.ts'));
    expect(graph.get(join(src, 'cli', 'main.ts'))?.length).toBeGreaterThan(0);
  });

  it('has no import cycles, type-only imports included', () => {
    const found = cycles(graph).map((component) => component.map(show).sort().join(' ↔ '));
    expect(found).toEqual([]);
  });

  it('places every folder of src/ on a layer', () => {
    const unplaced = [...new Set([...graph.keys()].map(partOf))].filter((part) => !layerOf.has(part));
    expect(unplaced, 'add new folders to the layer table above').toEqual([]);
  });

  it('imports only down the layers, and never web/', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = partOf(file);
      for (const target of targets) {
        const edge = `${show(file)} → ${show(target)}`;
        if (!target.startsWith(src + sep)) {
          if (relative(root, target).split(sep)[0] === 'web') wrong.push(`${edge}: src/ never imports web/`);
          continue;
        }
        const to = partOf(target);
        if (to === from) continue;
        const [a, b] = [layerOf.get(from), layerOf.get(to)];
        if (a === undefined || b === undefined) continue;
        if (b >= a) wrong.push(`${edge}: ${to} is not below ${from}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('front ends', () => {
  const entries = ['index.ts', 'node.ts', 'internal.ts'].map((name) => join(src, name));
  // The CLI's flag names are pure and Node-free so that the playground's "copy as command" writes the
  // flags the CLI reads (GUIDE: flagFor in src/cli/flag-names.ts); the one file of src/cli/ web/ may use.
  const webAllowed = [join(src, 'index.ts'), join(src, 'internal.ts'), join(src, 'cli', 'flag-names.ts')];

  /** The imports from `dir` into src/ that do not go through one of `allowed` (nor stay inside `own`). */
  const deepImports = (dir: string, allowed: readonly string[], own?: string): string[] =>
    [...importGraph(dir)].flatMap(([file, targets]) =>
      targets
        .filter((t) => t.startsWith(src + sep) && !allowed.includes(t) && !(own && t.startsWith(own + sep)))
        .map((t) => `${show(file)} → ${show(t)}`),
    );

  it('reads the imports it checks', () => {
    expect(importGraph(join(root, 'web', 'src')).size).toBeGreaterThan(5);
    expect(importGraph(join(src, 'cli')).get(join(src, 'cli', 'fit.ts'))).toContain(join(src, 'node.ts'));
  });

  it('src/cli/ imports the library only through index.ts, node.ts and internal.ts', () => {
    expect(deepImports(join(src, 'cli'), entries, join(src, 'cli'))).toEqual([]);
  });

  it('web/src/ imports the library only through index.ts and internal.ts (and the CLI flag names)', () => {
    expect(deepImports(join(root, 'web', 'src'), webAllowed)).toEqual([]);
  });

  it('internal.ts needs no Node, as index.ts does not', () => {
    const reached = new Set<string>();
    const graph = importGraph(src);
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const t of graph.get(file) ?? []) visit(t);
    };
    visit(join(src, 'internal.ts'));
    const nodeOnly = [...reached].filter((file) =>
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.some((i) => i.fileName.startsWith('node:')),
    );
    expect(nodeOnly.map(show)).toEqual([]);
  });
});
