// examples/: every example project runs against the package built from this repository, and prints what it should.

import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const examples = join(repo, 'examples');
const linked: string[] = [];

/** The example's folder, with `downhill` resolving to this repository as an installed package would. */
function prepare(name: string): string {
  const dir = join(examples, name);
  const modules = join(dir, 'node_modules');
  if (!existsSync(join(modules, 'downhill'))) {
    mkdirSync(join(modules, '.bin'), { recursive: true });
    symlinkSync(repo, join(modules, 'downhill'), 'dir');
    symlinkSync(join(repo, 'dist/cli/main.js'), join(modules, '.bin/downhill'));
    linked.push(modules);
  }
  return dir;
}

function run(name: string, command: string, args: string[]): string {
  const child = spawnSync(command, args, { cwd: prepare(name), encoding: 'utf8', timeout: 120_000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout;
}

afterAll(() => {
  for (const modules of linked) rmSync(modules, { recursive: true, force: true });
  rmSync(join(examples, 'browser-vite/dist'), { recursive: true, force: true });
});

describe('examples', () => {
  it('minimize-formula: seed 002 at lr 0.1 and 1.0, then Rosenbrock', () => {
    const out = run('minimize-formula', process.execPath, ['main.mjs']).split('\n');
    expect(out[0]).toMatch(/^lr 0\.1: converged at x = 2\.000000/);
    expect(out[1]).toMatch(/^lr 1: oscillating at x = 9\.000000 .*try lr 0\.5$/);
    for (const [i, name] of ['adam', 'lbfgs', 'newton'].entries()) {
      const line = out[2 + i] ?? '';
      expect(line.startsWith(`${name}: converged`)).toBe(true);
      expect(Number(/f = (\S+)$/.exec(line)?.[1])).toBeLessThan(1e-10);
    }
  });

  it('fit-csv: the line behind study.csv (score = 3·hours + 12 plus noise)', () => {
    const out = run('fit-csv', process.execPath, ['main.mjs']);
    const [, m, c] = /score ≈ (\S+)·hours \+ (\S+)/.exec(out) ?? [];
    expect(Number(m)).toBeCloseTo(3, 0);
    expect(Number(c)).toBeCloseTo(12, 0);
    expect(Number(/validation r² (\S+)/.exec(out)?.[1])).toBeGreaterThan(0.9);
  });

  it('custom-model: a hand-written two-layer tanh network learns xor', () => {
    const out = run('custom-model', process.execPath, ['main.mjs']).trim().split('\n');
    expect(Number(/accuracy (\S+)%/.exec(out[0] ?? '')?.[1])).toBeGreaterThanOrEqual(95);
    expect(out.slice(1)).toEqual(['w1: ok', 'b1: ok', 'w2: ok', 'b2: ok']);
  });

  it('custom-optimizer: a chain with a schedule finds Himmelblau’s minimum (3, 2)', () => {
    const out = run('custom-optimizer', process.execPath, ['main.mjs']);
    expect(out).toMatch(/^converged: \(3\.0000, 2\.0000\)/);
  });

  it('curve-fitting: lm and adam agree on a·exp(−b·t) + c, with standard errors', () => {
    const out = run('curve-fitting', 'sh', ['fit.sh']);
    const [lm, adam] = out.split(/\n(?=\{)/).map(
      (text) =>
        JSON.parse(text) as {
          status: string;
          parameters: Record<string, number>;
          standardErrors: Record<string, number>;
          evaluations?: { residual: number };
        },
    );
    if (lm === undefined || adam === undefined) throw new Error('fit.sh printed fewer than two results');
    expect(lm.status).toBe('converged');
    // decay.csv was drawn from a = 3, b = 0.7, c = 0.5 with noise of sd 0.03.
    expect(lm.parameters.a).toBeCloseTo(3, 1);
    expect(lm.parameters.b).toBeCloseTo(0.7, 1);
    expect(lm.parameters.c).toBeCloseTo(0.5, 1);
    for (const name of ['a', 'b', 'c']) {
      expect(adam.parameters[name]).toBeCloseTo(lm.parameters[name] ?? Number.NaN, 5);
      expect(lm.standardErrors[name]).toBeGreaterThan(0);
      expect(lm.standardErrors[name]).toBeLessThan(0.05);
    }
    expect(lm.evaluations?.residual).toBeLessThan(20);
  });

  it('browser-vite: bundled by Vite, the page minimizes and draws in Chromium', async () => {
    run('browser-vite', process.execPath, [
      join(repo, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'error',
    ]);
    const root = join(examples, 'browser-vite/dist');
    const types: Record<string, string> = {
      '.html': 'text/html',
      '.js': 'text/javascript',
      '.css': 'text/css',
    };
    const server: Server = createServer((request, response) => {
      const path = join(root, request.url === '/' ? 'index.html' : ((request.url ?? '').split('?')[0] ?? ''));
      if (!path.startsWith(root) || !existsSync(path)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
      createReadStream(path).pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.locator('#result', { hasText: /\S/ }).waitFor();
      expect(await page.textContent('#result')).toMatch(/^converged: x = 2\.000000/);
      expect(await page.locator('#figure svg').count()).toBe(1);
      await page.fill('#expr', 'x^2 +');
      await page.click('#run');
      expect(await page.textContent('#result')).toMatch(/column/);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
