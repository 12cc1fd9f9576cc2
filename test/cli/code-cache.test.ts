// The command line's code cache: written beside the bundles on a first run, used after it, and never trusted when stale.

import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const args = ['minimize', 'x^2 - 4*x + 1', '--start', 'x=9', '--lr', '0.1'];
const expected = runCli(args);
const work = mkdtempSync(join(tmpdir(), 'downhill-cache-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the built command line without any cache, as a fresh install has it. */
function install(name: string): string {
  const root = join(work, name);
  mkdirSync(join(root, 'dist'), { recursive: true });
  cpSync(join(repo, 'dist/cli'), join(root, 'dist/cli'), {
    recursive: true,
    filter: (source) => !source.endsWith('.cache') && !source.endsWith('.tmp'),
  });
  cpSync(join(repo, 'package.json'), join(root, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  return join(root, 'dist/cli');
}

function run(folder: string) {
  const child = spawnSync(process.execPath, [join(folder, 'main.js'), ...args], { encoding: 'utf8' });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

const firstLine = (path: string): string => {
  const text = readFileSync(path, 'latin1');
  return text.slice(0, text.indexOf('\n') + 1);
};

describe('the code cache', () => {
  it('is written on the first run, for what ran, headed by its bundle’s build line', () => {
    expect(expected.code).toBe(0);
    const folder = install('fresh');
    expect(readdirSync(folder).filter((f) => f.endsWith('.cache'))).toEqual([]);
    expect(run(folder)).toEqual(expected);
    const caches = readdirSync(folder)
      .filter((f) => f.endsWith('.cache'))
      .sort();
    expect(caches).toEqual(['errors.cjs.cache', 'minimize.cjs.cache', 'program.cjs.cache']);
    for (const cache of caches) {
      const bundle = join(folder, cache.replace(/\.cache$/, ''));
      expect(firstLine(bundle)).toMatch(/^\/\/ downhill bundle [0-9a-f]{64}\n$/);
      expect(firstLine(join(folder, cache))).toBe(firstLine(bundle));
    }
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is used, not rewritten, by the runs after it', () => {
    const folder = install('warm');
    run(folder);
    const cache = join(folder, 'minimize.cjs.cache');
    const before = readFileSync(cache);
    const written = statSync(cache).mtimeMs;
    expect(run(folder)).toEqual(expected);
    expect(statSync(cache).mtimeMs).toBe(written);
    expect(readFileSync(cache).equals(before)).toBe(true);
  });

  it('that V8 refuses (cut short, or garbage) is compiled around and replaced', () => {
    const folder = install('broken');
    run(folder);
    const cache = join(folder, 'minimize.cjs.cache');
    const good = readFileSync(cache);
    writeFileSync(cache, good.subarray(0, good.length >> 1));
    expect(run(folder)).toEqual(expected);
    expect(readFileSync(cache).length).toBeGreaterThan(good.length >> 1);
    writeFileSync(cache, Buffer.concat([Buffer.from(firstLine(cache), 'latin1'), Buffer.alloc(4096, 7)]));
    expect(run(folder)).toEqual(expected);
    expect(readFileSync(cache).subarray(-4096).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it('of another build of the bundle is never used', () => {
    const folder = install('stale');
    run(folder);
    const cache = join(folder, 'minimize.cjs.cache');
    const data = readFileSync(cache);
    const line = firstLine(cache);
    // V8 checks only the source's length: a cache for other code of the same length would be taken.
    const other = `// downhill bundle ${'0'.repeat(64)}\n`;
    writeFileSync(cache, Buffer.concat([Buffer.from(other, 'latin1'), data.subarray(line.length)]));
    expect(run(folder)).toEqual(expected);
    expect(firstLine(cache)).toBe(line);
  });

  it('is not written by a run that changed V8’s flags (fit’s relaxed-SIMD switch): V8 would refuse it', () => {
    const folder = install('flags');
    const fit = spawnSync(process.execPath, [join(folder, 'main.js'), 'fit', '@line', '--json'], {
      encoding: 'utf8',
    });
    expect(fit.status).toBe(0);
    expect(readdirSync(folder).filter((f) => f.endsWith('.cache') || f.endsWith('.tmp'))).toEqual([]);
    expect(run(folder)).toEqual(expected);
    expect(readdirSync(folder).filter((f) => f.endsWith('.cache'))).toContain('minimize.cjs.cache');
  });

  it('that cannot be written (a read-only install) leaves the command working and nothing behind', () => {
    const folder = install('read-only');
    // A folder where the cache would go: it can be neither read as a file nor replaced by a rename.
    mkdirSync(join(folder, 'minimize.cjs.cache', 'inside'), { recursive: true });
    expect(run(folder)).toEqual(expected);
    expect(run(folder)).toEqual(expected);
    expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(statSync(join(folder, 'minimize.cjs.cache')).isDirectory()).toBe(true);
  });
});
