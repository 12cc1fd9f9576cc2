// Benchmark: the gzip size of the smallest browser bundle that compiles an expression and minimizes it.

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Bench, BenchRow } from './bench.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** CONTRACT's bundle: `import { compileExpression, minimize } from 'downhill'` used once, minified for browsers, gzip -9. */
async function bundle(): Promise<BenchRow> {
  const result = await build({
    stdin: {
      contents: [
        "import { compileExpression, minimize } from 'downhill';",
        "const f = compileExpression('x^2 - 4*x + 1');",
        'console.log(minimize(f, { start: new Float64Array([9]) }).value);',
      ].join('\n'),
      resolveDir: repo,
      loader: 'js',
    },
    alias: { downhill: `${repo}dist/index.js` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  return {
    name: 'bundle',
    unit: 'bytes',
    downhill: gzipped,
    peers: {},
    bound: null,
    notes: { 'bytes (gzip -9)': gzipped, 'bytes minified': code.length, target: 40 * 1024 },
  };
}

export const bench: Bench = {
  name: 'bundle',
  async run() {
    return [await bundle()];
  },
};
