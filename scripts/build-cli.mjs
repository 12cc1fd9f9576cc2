// Bundles the command-line tool with esbuild: dist/cli/main.js, which starts the program, and one self-contained
// script per part (the program, each command, what a command loads on demand), which main.js runs through V8's code
// cache (src/cli/bundle-loader.ts): a fresh `downhill minimize` neither resolves some two hundred modules nor parses
// and compiles the code it ran before. All of dist/cli/ is CommonJS (its own package.json says so): an ES module
// entry starts Node's ES module loader, and an ES import of node:fs builds a facade that reads every export (whose
// fs.ReadStream getter loads the streams library) — some 10 ms of a 60 ms start between them.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}src/cli/`;
const out = `${root}dist/cli/`;
/**
 * What the CLI loads on demand (`import('./minimize.js')` in commands.ts, `import('./plot-file.js')` behind
 * --plot): each becomes a bundle of its own, and the import a require() of it that the loader answers.
 */
const onDemand = new Set(
  readdirSync(cli)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => [...readFileSync(`${cli}${name}`, 'utf8').matchAll(/import\('\.\/([\w-]+)\.js'\)/g)])
    .map((match) => match[1]),
);
/**
 * Modules every bundle shares rather than holds a copy of: the errors, so that the program's `instanceof
 * InputError` sees the errors a command throws, and the 69 KB of WebAssembly, read only by the commands that train.
 */
const shared = new Map([
  [`${root}src/errors.ts`, 'errors'],
  [`${root}src/kernels/generated/kernels-wasm.ts`, 'kernels-wasm'],
]);

/**
 * Makes on-demand imports and shared modules requires of their bundles, and marks the project's own modules free
 * of import-time side effects (none has any but the relaxed-SIMD switch, the registration of the threaded dense
 * kernel, and kernels/node.ts, which imports both), so that a bundle keeps only what its command uses although the
 * library's index re-exports everything.
 */
const layout = {
  name: 'cli-layout',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === layout || args.kind === 'entry-point') return undefined;
      if (args.kind === 'dynamic-import' && args.importer.startsWith(cli) && args.path.startsWith('./'))
        return { path: args.path.replace(/\.js$/, '.cjs'), external: true };
      const resolved = await build.resolve(args.path, {
        importer: args.importer,
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: layout,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      if (shared.has(resolved.path)) return { path: `./${shared.get(resolved.path)}.cjs`, external: true };
      return {
        path: resolved.path,
        sideEffects: /\/kernels\/(node|relaxed-simd-node|parallel-dense-node)\.ts$/.test(resolved.path),
      };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Minified: 2.7 → 1.4 MB of bundles. Code splitting measured worse: every command imports the library's index,
  // so esbuild's shared chunk held everything the index reaches and `minimize` loaded 420 KB instead of 116 KB.
  minify: true,
  logLevel: 'warning',
};

// tsc's per-file output of src/cli/ is replaced, not kept beside the bundles.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const scripts = await build({
  ...common,
  entryPoints: [
    'src/cli/program.ts',
    ...[...onDemand].map((name) => `src/cli/${name}.ts`),
    ...[...shared.keys()].map((path) => path.slice(root.length)),
  ],
  outdir: out,
  outExtension: { '.js': '.cjs' },
  // A script: CommonJS's shape, with `import()` turned into require(), which the loader answers from the
  // bundles and from Node; import.meta.url is the bundle's own URL, which the loader passes in.
  format: 'cjs',
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__downhillUrl' },
  // Native addons load from their packages, and only when a command needs them (parquet, PNG and GIF output),
  // as does cli-progress.
  external: ['@duckdb/node-api', '@resvg/resvg-js', 'cli-progress'],
  plugins: [layout],
  write: false,
});
for (const file of scripts.outputFiles) {
  // Its hash on the first line names this build of it for the cache.
  const hash = createHash('sha256').update(file.contents).digest('hex');
  writeFileSync(`${out}${basename(file.path)}`, `// downhill bundle ${hash}\n${file.text}`);
}

writeFileSync(`${out}package.json`, `${JSON.stringify({ type: 'commonjs' })}\n`);
await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outdir: out,
  format: 'cjs',
  define: { 'import.meta.url': '__downhillUrl' },
  banner: { js: '"use strict";const __downhillUrl=require("node:url").pathToFileURL(__filename).href;' },
});
