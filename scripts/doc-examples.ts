// Collects the public API's doc-comment examples: every export of src/index.ts and src/node.ts with its @example code.

import ts from 'typescript';

export interface DocExample {
  /** The exported name. */
  readonly name: string;
  /** The entry it is exported from: 'downhill' or 'downhill/node'. */
  readonly entry: string;
  /** The code of each @example tag, fences and comment stars removed. */
  readonly examples: readonly string[];
  /** Whether the export has a doc comment at all. */
  readonly documented: boolean;
  /** Whether it is only a type (imported with `import type`). */
  readonly typeOnly: boolean;
}

function exampleCode(tag: ts.JSDocTag): string {
  const text = typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
  return text.replace(/^```\w*\n?|\n?```$/g, '').trim();
}

/**
 * Every export of the two entries with the examples of its doc comment.
 *
 * @example
 * const exports = publicExamples('/path/to/repo');
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
  for (const { file, entry } of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`cannot read ${file}`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (seen.has(exported.name)) continue;
      seen.add(exported.name);
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.getDeclarations() ?? [];
      const tags = declarations.flatMap((d) => ts.getJSDocTags(d));
      const documented =
        symbol.getDocumentationComment(checker).length > 0 ||
        declarations.some((d) => ts.isSourceFile(d) || ts.getJSDocCommentsAndTags(d).length > 0);
      const examples = tags
        .filter((t) => t.tagName.text === 'example')
        .map(exampleCode)
        .filter((c) => c !== '');
      const typeOnly = (symbol.flags & ts.SymbolFlags.Value) === 0;
      out.push({ name: exported.name, entry, examples, documented, typeOnly });
    }
  }
  return out;
}
