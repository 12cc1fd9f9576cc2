// The loader of the command line's bundles: each dist/cli/NAME.cjs runs as a script compiled through V8's code cache.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** Node's require, for the bundles' imports of Node's modules and of packages. */
const nodeRequire = createRequire(import.meta.url);
/** The folder of the bundles: this file's own, dist/cli/. */
const folder = new URL('./', import.meta.url);

/** A bundle compiled without a usable cache: its cache is written when the process exits. */
interface Unsaved {
  readonly script: Script;
  readonly cacheFile: string;
  readonly id: string;
}

const loaded = new Map<string, unknown>();
const unsaved: Unsaved[] = [];

/**
 * Whether V8's flags are still those the bundles were compiled under: the relaxed-SIMD switch of the
 * kernels changes them, and V8 refuses a cache made under other flags. A cache records the flags, so
 * a tiny script's cache made now equals the one made at start-up only while they are the same.
 * (node:v8's cachedDataVersionTag() says as much, but loading node:v8 loads the streams library: 2.5 ms.)
 */
const sameFlags = ((): (() => boolean) => {
  const probe = (): Buffer => new Script('0').createCachedData();
  const atStart = probe();
  return () => probe().equals(atStart);
})();

/**
 * The cache of a bundle whose first line is `id`, or undefined when there is none or it belongs to
 * another build of the bundle. V8 itself refuses a cache from another V8, other flags, or one that is cut short.
 */
function readCache(cacheFile: string, id: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.length > id.length && data.toString('latin1', 0, id.length) === id
    ? data.subarray(id.length)
    : undefined;
}

/**
 * Writes the caches of the bundles this process compiled from source, beside them, each whole or not at
 * all (a temporary file, then a rename): the next start skips parsing and compiling what this run used.
 * A folder that cannot be written (a read-only install) leaves things as they were.
 */
function saveCaches(): void {
  if (!sameFlags()) return;
  for (const { script, cacheFile, id } of unsaved) {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
      renameSync(temporary, cacheFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  }
}

/** What a bundle's require() gets: the other bundles through loadBundle, the rest from Node. */
function bundleRequire(specifier: string): unknown {
  const sibling = /^\.\/([\w-]+)\.cjs$/.exec(specifier);
  return sibling === null ? nodeRequire(specifier) : loadBundle(sibling[1]!);
}

/**
 * Runs dist/cli/NAME.cjs once and returns its exports. The build puts `// downhill bundle HASH` on its
 * first line, which its cache repeats, so a cache from an earlier build is never used.
 */
export function loadBundle(name: string): unknown {
  if (loaded.has(name)) return loaded.get(name);
  const url = new URL(`${name}.cjs`, folder);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const id = source.slice(0, source.indexOf('\n') + 1);
  const cacheFile = `${file}.cache`;
  const cachedData = id === '' ? undefined : readCache(cacheFile, id);
  const script = new Script(`(function (exports, require, module, __downhillUrl) {${source}\n})`, {
    filename: file,
    ...(cachedData !== undefined && { cachedData }),
  });
  if (id !== '' && (cachedData === undefined || script.cachedDataRejected === true)) {
    if (unsaved.length === 0) process.once('exit', saveCaches);
    unsaved.push({ script, cacheFile, id });
  }
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports,
    bundleRequire,
    module,
    url.href,
  );
  loaded.set(name, module.exports);
  return module.exports;
}
