// Collects the public API's doc-comment examples: every export of src/index.ts and src/node.ts (namespace members too) with its @example code.

import ts from 'typescript';

export interface DocExample {
  /** The exported name; a namespace's member is `namespace.member`, e.g. `autodiff.grad`. */
  readonly name: string;
  /** The entry it is exported from: 'downhill' or 'downhill/node'. */
  readonly entry: string;
  /** The code of each @example tag, fences and comment stars removed. */
  readonly examples: readonly string[];
  /** Whether the export has a doc comment at all. */
  readonly documented: boolean;
  /** Whether it is only a type (imported with `import type`). */
  readonly typeOnly: boolean;
  /** Whether it is a member of an exported namespace (reached as `namespace.member`, not imported by name). */
  readonly member: boolean;
}

function exampleCode(tag: ts.JSDocTag): string {
  const text = typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
  return text.replace(/^```\w*\n?|\n?```$/g, '').trim();
}

/** The declarations whose doc comments speak for a symbol: its own, or for `export * as ns`, that export statement. */
function docNodes(exported: ts.Symbol, symbol: ts.Symbol): ts.Node[] {
  const own = (symbol.getDeclarations() ?? []).filter((d) => !ts.isSourceFile(d));
  if (own.length > 0) return own;
  return (exported.getDeclarations() ?? []).map((d) => (ts.isNamespaceExport(d) ? d.parent : d));
}

/**
 * Every export of the two entries, and every member of the namespaces they export, with the examples of its doc comment.
 *
 * @example
 * const exports = publicExamples(process.cwd());
 * console.log(exports.filter((e) => e.examples.length > 0).length, 'of', exports.length);
 */
export function publicExamples(repo: string): DocExample[] {
  const entries = [
    { file: `${repo}/src/index.ts`, entry: 'downhill' },
    { file: `${repo}/src/node.ts`, entry: 'downhill/node' },
  ];
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
    },
  );
  const checker = program.getTypeChecker();
  const seen = new Set<string>();
  const out: DocExample[] = [];
  const visit = (exported: ts.Symbol, name: string, entry: string, member: boolean) => {
    if (seen.has(name)) return;
    seen.add(name);
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const nodes = docNodes(exported, symbol);
    const tags = nodes.flatMap((d) => ts.getJSDocTags(d));
    const documented =
      symbol.getDocumentationComment(checker).length > 0 ||
      nodes.some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    const examples = tags
      .filter((t) => t.tagName.text === 'example')
      .map(exampleCode)
      .filter((c) => c !== '');
    const typeOnly = (symbol.flags & ts.SymbolFlags.Value) === 0;
    out.push({ name, entry, examples, documented, typeOnly, member });
    if (symbol.flags & ts.SymbolFlags.ValueModule) {
      for (const inner of checker.getExportsOfModule(symbol))
        visit(inner, `${name}.${inner.name}`, entry, true);
    }
  };
  for (const { file, entry } of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`cannot read ${file}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol))
      visit(exported, exported.name, entry, false);
  }
  return out;
}
