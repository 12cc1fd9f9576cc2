// The package as users get it: `npm pack`, installed into fresh projects, used from Node, TypeScript and a bundler.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const esbuild = join(repo, 'node_modules/esbuild/bin/esbuild');
let work = '';
let project = '';
let tarball = '';

function run(command: string, args: string[], cwd: string) {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr, all: child.stdout + child.stderr };
}

function tsProject(name: string, compilerOptions: object, source: string): string {
  const dir = join(project, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, ...compilerOptions },
      files: ['main.ts'],
    }),
  );
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'downhill-package-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' }),
  ) as { filename: string; size: number; files: { path: string }[] }[];
  const info = packed[0];
  if (info === undefined) throw new Error('npm pack printed no package');
  tarball = join(work, info.filename);
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'consumer',
      private: true,
      type: 'module',
      dependencies: { downhill: `file:${tarball}` },
    }),
  );
  const installed = run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    project,
  );
  if (installed.code !== 0) throw new Error(`npm install of the tarball failed:\n${installed.all}`);
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds only what a user needs', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    const paths = listed.map((p) => p.replace(/^package\//, ''));
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('dist/cli/main.js');
    // dist/cli/ is CommonJS by its own package.json; the code caches a run writes beside it are not shipped.
    expect(paths).toContain('dist/cli/package.json');
    expect(paths).toContain('datasets/iris.csv');
    expect(paths).toContain('datasets/README.md');
    expect(paths).toContain('LICENSE');
    const strays = paths.filter(
      (p) =>
        p.startsWith('test/') ||
        p.startsWith('src/') ||
        p.endsWith('.map') ||
        p.endsWith('.cache') ||
        p.startsWith('web/'),
    );
    expect(strays).toEqual([]);
  });
});

describe('Node', () => {
  it('imports downhill and downhill/node as ES modules and runs them', () => {
    const script = [
      "import { createMethod, minimize, compileExpression } from 'downhill';",
      "import { loadBuiltin } from 'downhill/node';",
      "const method = createMethod('gd', { learningRate: 0.1 });",
      "const r = minimize(compileExpression('x^2 - 4*x + 1'), { start: new Float64Array([9]), method });",
      "const d = await loadBuiltin('iris');",
      'console.log(JSON.stringify({ x: r.point[0], rows: d.rows }));',
    ].join('\n');
    writeFileSync(join(project, 'use.mjs'), script);
    const result = run(process.execPath, ['use.mjs'], project);
    expect(result.all).toBe(result.stdout);
    const printed = JSON.parse(result.stdout) as { x: number; rows: number };
    expect(printed.x).toBeCloseTo(2, 6);
    expect(printed.rows).toBe(150);
  });

  it('is ESM-only; require() works where Node can require ES modules, else says why', () => {
    writeFileSync(join(project, 'use.cjs'), "const d = require('downhill'); console.log(typeof d.minimize);");
    const result = run(process.execPath, ['use.cjs'], project);
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const requireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
    if (requireEsm) expect(result.stdout.trim()).toBe('function');
    else expect(result.stderr).toMatch(/ERR_REQUIRE_ESM|require\(\) of ES Module/);
  });

  it('runs the installed binary with npx', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(run('npx', ['--no-install', 'downhill', '--version'], project).stdout.trim()).toBe(pkg.version);
    const minimize = run(
      'npx',
      ['--no-install', 'downhill', 'minimize', 'x^2 - 4*x + 1', '--start', 'x=9', '--lr', '0.1', '--json'],
      project,
    );
    expect(minimize.code).toBe(0);
    const json = JSON.parse(minimize.stdout) as { status: string; value: number };
    expect(json.status).toBe('converged');
    expect(json.value).toBeCloseTo(-3, 10);
    const fit = run(
      'npx',
      ['--no-install', 'downhill', 'fit', '@iris', '--model', 'softmax', '--json'],
      project,
    );
    expect(fit.code).toBe(0);
    expect((JSON.parse(fit.stdout) as { model: string }).model).toBe('softmax');
  });
});

describe('TypeScript', () => {
  const good = [
    "import { createMethod, minimize, compileExpression } from 'downhill';",
    "const method = createMethod('adam', { learningRate: 0.1 });",
    "const r = minimize(compileExpression('x^2'), { start: new Float64Array([1]), method });",
    'export const x: number | undefined = r.point[0];',
  ].join('\n');
  const wrongOption = [
    "import { createMethod } from 'downhill';",
    "export const m = createMethod('adam', { learningRat: 0.1 });",
  ].join('\n');
  const typeRoots = [join(repo, 'node_modules/@types')];

  for (const resolution of ['nodenext', 'bundler'] as const) {
    const options =
      resolution === 'nodenext'
        ? { module: 'nodenext', moduleResolution: 'nodenext', typeRoots, types: ['node'], skipLibCheck: true }
        : { module: 'esnext', moduleResolution: 'bundler', typeRoots, types: ['node'], skipLibCheck: true };
    it(`resolves the types with moduleResolution ${resolution}, and a wrong option is a type error`, () => {
      const ok = run(process.execPath, [tsc, '-p', tsProject(`ts-${resolution}`, options, good)], project);
      expect(ok.all).toBe('');
      expect(ok.code).toBe(0);
      const bad = run(
        process.execPath,
        [tsc, '-p', tsProject(`ts-${resolution}-bad`, options, wrongOption)],
        project,
      );
      expect(bad.code).not.toBe(0);
      expect(bad.stdout).toContain('learningRat');
    }, 240_000);
  }

  it('type-checks a browser-only project without @types/node and without skipLibCheck', () => {
    const dir = tsProject(
      'ts-browser',
      {
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM'],
        types: [],
        skipLibCheck: false,
      },
      good,
    );
    const result = run(process.execPath, [tsc, '-p', dir], project);
    expect(result.all).toBe('');
    expect(result.code).toBe(0);
  }, 240_000);
});

describe('a browser bundle', () => {
  it('tree-shakes: minimize alone bundles small, and nothing Node-only is pulled in', () => {
    const dir = join(project, 'bundle');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'entry.js'),
      "import { compileExpression, minimize } from 'downhill';\nconsole.log(minimize(compileExpression('x^2'), { start: new Float64Array([1]) }).point[0]);\n",
    );
    const out = join(dir, 'out.js');
    const built = run(
      esbuild,
      [
        join(dir, 'entry.js'),
        '--bundle',
        '--minify',
        '--format=esm',
        '--platform=browser',
        `--outfile=${out}`,
      ],
      project,
    );
    expect(built.code).toBe(0);
    const bytes = gzipSync(readFileSync(out), { level: 9 }).length;
    console.log(`tree-shaken browser bundle of compileExpression + minimize: ${bytes} bytes gzip`);
    expect(bytes).toBeGreaterThan(1000);
    // The default method is gd alone: no other optimizer's code (their summaries are their spec's strings).
    expect(bytes).toBeLessThan(35 * 1024);
    const code = readFileSync(out, 'utf8');
    expect(code).toContain('gradient descent');
    expect(code).not.toMatch(/Kingma|L-BFGS|heavy-ball|Levenberg/);
    expect(code).not.toMatch(/node:fs|worker_threads/);
  });
});
