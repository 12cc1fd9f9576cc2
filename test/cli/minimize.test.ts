// `downhill minimize`, `compare` and `story` as a user runs them: output, JSON shape, files and exit codes.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const seed = 'x^2 - 4*x + 1';
const traces = tempFolder('minimize');

describe('downhill minimize', () => {
  it('prints CONTRACT JSON: the seed function from x = 9 at lr 0.1', () => {
    const { code, stdout, stderr } = runCli(['minimize', seed, '--start', 'x=9', '--lr', '0.1', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        'status',
        'message',
        'point',
        'value',
        'gradient',
        'gradientNorm',
        'iterations',
        'evaluations',
        'optimizer',
        'suggestedLr',
      ]),
    );
    expect(result.status).toBe('converged');
    expect(result.message).toMatch(/^step size fell below 1e-8 after \d+ iterations/);
    expect(result.point.x).toBeCloseTo(2, 7);
    expect(result.value).toBeCloseTo(-3, 12);
    expect(result.gradient.x).toBeCloseTo(2 * result.point.x - 4, 15);
    expect(result.evaluations).toEqual({ value: result.iterations + 1, gradient: result.iterations + 1 });
    expect(result.optimizer).toEqual({ name: 'gd', lr: 0.1 });
    expect(result.suggestedLr).toBeNull();
  });

  it('reports the seed story statuses over 100 iterations', () => {
    const status = (lr: string) =>
      JSON.parse(
        runCli(['minimize', seed, '--start', 'x=9', '--lr', lr, '--max-iter', '100', '--json']).stdout,
      );
    expect(status('0.01').status).toBe('max-iterations');
    expect(status('0.01').point.x).toBeCloseTo(2 + 7 * 0.98 ** 100, 12);
    expect(status('0.9').status).toBe('converged');
    const bouncing = status('1.0');
    expect(bouncing.status).toBe('oscillating');
    expect(bouncing.suggestedLr).toBe(0.5);
    expect(status('1.01').status).toBe('diverged');
  });

  it('with --max-iter 0 reports the start', () => {
    const result = JSON.parse(
      runCli(['minimize', seed, '--start', 'x=9', '--max-iter', '0', '--json']).stdout,
    );
    expect(result.iterations).toBe(0);
    expect(result.value).toBe(46);
    expect(result.gradient).toEqual({ x: 14 });
  });

  it('takes an expression that starts with a minus sign, and negative flag values', () => {
    const { code, stdout } = runCli([
      'minimize',
      '-x^2 + y^2 + x^4',
      '--start',
      'x=-0.5,y=1',
      '--lr',
      '0.05',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // −x² + x⁴ has its minima at x = ±1/√2 (value −1/4); from x = −0.5 the descent reaches −1/√2.
    expect(result.point.x).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(result.point.y).toBeCloseTo(0, 6);
    expect(result.value).toBeCloseTo(-0.25, 10);
  });

  it('suggests a rate from the exact curvature at the start when a run blows up', () => {
    // Rosenbrock's Hessian at (−1.2, 1) is [[1330, 480], [480, 200]]: λmax = 765 + √(565² + 480²).
    const lambda = 765 + Math.hypot(565, 480);
    const { stdout } = runCli([
      'minimize',
      '(1-x)^2 + 100*(y-x^2)^2',
      '--start',
      'x=-1.2,y=1',
      '--lr',
      '0.01',
      '--json',
    ]);
    const result = JSON.parse(stdout);
    expect(result.status).toBe('diverged');
    expect(result.suggestedLr).toBeCloseTo(1 / lambda, 12);
  });

  it('prints non-finite values as null in JSON', () => {
    const { code, stdout } = runCli(['minimize', 'x^4', '--start', 'x=3', '--lr', '1', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.status).toBe('diverged');
    expect(stdout).not.toMatch(/NaN|Infinity/);
  });

  it('prints a readable summary by default', () => {
    const { code, stdout } = runCli([
      'minimize',
      '(1-x)^2 + 100*(y-x^2)^2',
      '--start',
      'x=-1.2,y=1',
      '--lr',
      '0.001',
      '--max-iter',
      '50',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^status\s+max-iterations$/m);
    expect(stdout).toMatch(/^point\s+x = -?[\d.]+, y = [\d.]+$/m);
    expect(stdout).toMatch(/^iterations\s+50 \(51 value, 51 gradient evaluations\)$/m);
    expect(stdout).toMatch(/^why\s+still descending/m);
  });

  it('writes a trace: a header, then one row per iterate with the start', () => {
    const file = join(traces, 'trace.csv');
    const { code } = runCli([
      'minimize',
      seed,
      '--start',
      'x=9',
      '--lr',
      '0.2',
      '--max-iter',
      '3',
      '--tol',
      '0',
      '--trace',
      file,
    ]);
    expect(code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('iteration,x,value,gradientNorm');
    expect(lines).toHaveLength(5);
    // x_k = 2 + 7·0.6ᵏ: 9, 6.2, 4.52, 3.512
    expect(lines.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(
      [9, 2 + 7 * 0.6, 2 + 7 * 0.6 * 0.6, 2 + 7 * 0.6 ** 3].map((v, k) =>
        k === 0 ? 9 : expect.closeTo(v, 12),
      ),
    );
  });
});

describe('downhill compare', () => {
  it('runs every combination in order, optimizers outer and rates inner', () => {
    const { code, stdout } = runCli([
      'compare',
      seed,
      '--start',
      'x=9',
      '--lr',
      '0.01,0.9,1.0,1.01',
      '--max-iter',
      '100',
      '--json',
    ]);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout);
    expect(runs.map((r: { status: string }) => r.status)).toEqual([
      'max-iterations',
      'converged',
      'oscillating',
      'diverged',
    ]);
    expect(runs.map((r: { optimizer: { lr: number } }) => r.optimizer.lr)).toEqual([0.01, 0.9, 1, 1.01]);
  });

  it('runs an optimizer without a learning rate once, in its place among the others', () => {
    const { code, stdout } = runCli([
      'compare',
      seed,
      '--start',
      'x=9',
      '--optimizer',
      'gd,lbfgs',
      '--lr',
      '0.01,0.1',
      '--max-iter',
      '10',
      '--json',
    ]);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout);
    expect(runs.map((r: { optimizer: object }) => r.optimizer)).toEqual([
      { name: 'gd', lr: 0.01 },
      { name: 'gd', lr: 0.1 },
      { name: 'lbfgs', history: 100, lineSearch: 'strong-wolfe' },
    ]);
    // gd from 9: x − 2 shrinks by 1 − 2·lr a step, so x₁₀ = 2 + 7·0.98¹⁰ and 2 + 7·0.8¹⁰.
    expect(runs[0].point.x).toBeCloseTo(2 + 7 * 0.98 ** 10, 12);
    expect(runs[1].point.x).toBeCloseTo(2 + 7 * 0.8 ** 10, 12);
    expect(runs[2].point.x).toBeCloseTo(2, 8);
  });

  it('gives each flag to the optimizers that take it', () => {
    const { code, stdout } = runCli([
      'compare',
      seed,
      '--start',
      'x=9',
      '--optimizer',
      'gd,adam',
      '--beta1',
      '0.8',
      '--max-iter',
      '1',
      '--json',
    ]);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout);
    expect(runs[0].optimizer).toEqual({ name: 'gd', lr: 0.001 });
    expect(runs[1].optimizer).toMatchObject({ name: 'adam', lr: 0.001, b1: 0.8 });
  });

  it('prints a table with a line of explanation per run', () => {
    const { stdout } = runCli(['compare', seed, '--start', 'x=9', '--lr', '0.01,1.0', '--max-iter', '100']);
    expect(stdout).toMatch(/^optimizer\s+lr\s+status/m);
    expect(stdout).toMatch(/^gd\s+1\s+oscillating\s+100\s+46\s+x=9\s+0\.5$/m);
    expect(stdout).toMatch(/^2\. gd lr 1: the iterates bounce/m);
  });
});

describe('downhill story and the basics', () => {
  it('tells the seed story as a table', () => {
    const { code, stdout } = runCli(['story']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/lr 0\.01\s+lr 0\.9\s+lr 1\s+lr 1\.01/);
    expect(stdout).toMatch(/^\s*1\s+8\.86\s+-3\.6\s+-5\s+-5\.14$/m);
    expect(stdout).toMatch(/max-iterations\s+converged\s+oscillating\s+diverged/);
    // lr 0.9 converged after 95 steps: its column says so at step 100 rather than standing blank.
    expect(stdout).toMatch(/^\s*100\s+2\.928337\s+done at 95\s+9\s+52\.71252$/m);
  });

  it('has --help for every command, with examples, and --version', () => {
    for (const command of ['minimize', 'compare', 'story']) {
      const { code, stdout } = runCli([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: downhill /);
      expect(stdout).toMatch(/Example/);
    }
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('bad input exits 2 with one clear line and no output', () => {
  const dir = tempFolder('bad');
  const cases: [string, string[], RegExp][] = [
    ['an unknown command', ['minimise', seed], /unknown command "minimise"/],
    ['an unknown flag', ['minimize', seed, '--learning-rate', '0.1'], /unknown flag --learning-rate/],
    ['a flag without its value', ['minimize', seed, '--lr'], /--lr needs a value/],
    ['a missing expression', ['minimize'], /missing EXPR/],
    ['a stray argument', ['minimize', seed, 'extra'], /unexpected argument "extra"/],
    ['a malformed number', ['minimize', seed, '--lr', 'fast'], /--lr: "fast" is not a finite number/],
    ['a negative learning rate', ['minimize', seed, '--lr', '-0.1'], /--lr: must be above 0/],
    [
      'a non-finite number',
      ['minimize', seed, '--lr', 'Infinity'],
      /--lr: "Infinity" is not a finite number/,
    ],
    [
      'a fractional iteration count',
      ['minimize', seed, '--max-iter', '2.5'],
      /--max-iter: must be a whole number in \[0, 1000000000\], got 2.5/,
    ],
    ['a negative tolerance', ['minimize', seed, '--tol', '-1'], /--tol: must be at least 0/],
    [
      'an unknown optimizer',
      ['minimize', seed, '--optimizer', 'sgdx'],
      /--optimizer: unknown optimizer "sgdx"/,
    ],
    [
      'a learning rate for newton',
      ['minimize', seed, '--optimizer', 'newton', '--lr', '0.5'],
      /^downhill: --lr does not apply to newton \(it takes --line-search\)$/m,
    ],
    [
      'a flag the optimizer does not take',
      ['minimize', seed, '--beta1', '0.8'],
      /^downhill: --beta1 does not apply to gd \(it takes --lr, --weight-decay, /m,
    ],
    [
      'momentum for adam',
      ['minimize', seed, '--optimizer', 'adam', '--momentum', '0.9'],
      /--momentum does not apply to adam/,
    ],
    [
      'a beta of 1',
      ['minimize', seed, '--optimizer', 'adam', '--beta1', '1'],
      /^downhill: --beta1: must be in \[0, 1\), got 1$/m,
    ],
    [
      'a beta above 1, in the same words',
      ['minimize', seed, '--optimizer', 'adam', '--beta1', '1.5'],
      /^downhill: --beta1: must be in \[0, 1\), got 1.5$/m,
    ],
    [
      'a fractional history',
      ['minimize', seed, '--optimizer', 'lbfgs', '--history', '2.5'],
      /--history: must be a whole number in \[1, 1000\], got 2.5/,
    ],
    [
      'learning rates for lbfgs alone',
      ['compare', seed, '--optimizer', 'lbfgs', '--lr', '0.01,0.1'],
      /--lr does not apply to lbfgs/,
    ],
    [
      'a flag that no compared optimizer takes',
      ['compare', seed, '--optimizer', 'gd,newton,lbfgs', '--beta1', '0.8'],
      /--beta1 does not apply to gd, newton or lbfgs/,
    ],
    [
      'a learning rate out of range in a list',
      ['compare', seed, '--optimizer', 'gd,lbfgs', '--lr', '0.1,0'],
      /--lr: must be above 0, got 0/,
    ],
    ['a malformed expression', ['minimize', 'x^2 +* 3'], /column/],
    ['an unknown function', ['minimize', 'foo(x)'], /unknown function "foo".*column 1/],
    ['member access', ['minimize', 'x.constructor'], /column 2/],
    ['a variable not in the expression', ['minimize', seed, '--start', 'y=1'], /--start: .*"y"/],
    ['a malformed point', ['minimize', seed, '--start', 'x:1'], /--start/],
    [
      'an unwritable trace',
      ['minimize', seed, '--trace', join(dir, 'no/such/dir/t.csv')],
      /--trace: cannot write/,
    ],
    ['a malformed rate list', ['compare', seed, '--lr', '0.1,,0.2'], /--lr: empty item in "0.1,,0.2"/],
    [
      'a flag whose value is missing before another flag',
      ['minimize', seed, '--start', '--json'],
      /--start needs a value/,
    ],
    [
      'a start where the function is not finite',
      ['minimize', 'sqrt(-1-x^2)'],
      /--start: the function is not a number at the start \(x = 0\)/,
    ],
    [
      'the same file for --trace and --plot',
      ['minimize', seed, '--trace', join(dir, 'a.svg'), '--plot', join(dir, 'a.svg')],
      /--plot: .* is also the --trace file/,
    ],
    [
      'a picture in an unknown format',
      ['minimize', seed, '--plot', join(dir, 'a.jpg')],
      /--plot: .* must end in \.svg, \.png or \.gif/,
    ],
    [
      'a picture size without a picture',
      ['minimize', seed, '--size', '500x500'],
      /^downhill: --size goes with --plot FILE\n$/,
    ],
    ['the same in fit', ['fit', '@line', '--size', '500x500'], /^downhill: --size goes with --plot FILE\n$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const { code, stdout, stderr } = runCli(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      // One message; an expression's is followed by the expression and a caret under its column.
      const lines = stderr.trimEnd().split('\n');
      if (/at column \d+$/.test(lines[0]!)) {
        expect(lines).toHaveLength(3);
        expect(lines[2]).toMatch(/^ +\^$/);
      } else expect(lines).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('leaves no half-written file behind', () => {
    const file = join(dir, 'never.csv');
    runCli(['minimize', 'x^2 +', '--trace', file]);
    expect(existsSync(file)).toBe(false);
  });

  it('a trace cut short by a killed process is gone at the next run to that path', async () => {
    const trace = join(dir, 'cut.csv');
    const args = ['minimize', 'x^2+y^2', '--start', 'x=1,y=1', '--lr', '1e-9', '--tol', '0'];
    const child = spawn(process.execPath, [cliPath, ...args, '--max-iter', '1000000000', '--trace', trace], {
      stdio: 'ignore',
    });
    const leftovers = () => readdirSync(dir).filter((f) => f.startsWith('cut.csv.') && f.endsWith('.tmp'));
    const deadline = Date.now() + 30_000;
    while (leftovers().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(leftovers()).toHaveLength(1);
    expect(runCli([...args, '--max-iter', '3', '--trace', trace]).code).toBe(0);
    expect(leftovers()).toEqual([]);
    expect(readFileSync(trace, 'utf8').trimEnd().split('\n')).toHaveLength(5);
  });

  // gd at lr 1 on x² + y² flips the point through the minimum each step, for ever: after k steps from
  // (3, 4) it stands at (−1)^k·(3, 4), where f = 25 and |∇f| = 10.
  const flipping = ['x^2+y^2', '--start', 'x=3,y=4', '--lr', '1', '--tol', '0', '--max-iter', '1000000000'];
  const flipped = (k: string) => (Number(k) % 2 === 0 ? 'x = 3, y = 4' : 'x = -3, y = -4');

  /**
   * Runs a command until its trace has reached the disk (a megabyte at a time, from inside the loop),
   * or with `until` until its temporary trace file holds `until` bytes, then Ctrl-C.
   */
  async function interrupted(args: readonly string[], trace: string, until?: number) {
    const child = spawn(process.execPath, [cliPath, ...args, '--trace', trace], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const name = trace.slice(dir.length + 1);
    const temporary = () => readdirSync(dir).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.tmp'));
    const written = () =>
      temporary().some((f) => {
        const size = statSync(join(dir, f)).size;
        return until === undefined ? size > 0 : size === until;
      });
    const deadline = Date.now() + 30_000;
    while (!written() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(written()).toBe(true);
    child.kill('SIGINT');
    const code = await exited;
    return { code, stdout, stderr, leftovers: temporary() };
  }

  it('Ctrl-C stops a long minimize where it is: exit 130, the point reached on stderr, no file written', async () => {
    const trace = join(dir, 'stopped.csv');
    const run = await interrupted(['minimize', ...flipping], trace);
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    const match =
      /^downhill: interrupted after (\d+) iterations at (.*), where f = 25 and the gradient norm is 10; no --trace file was written\n$/.exec(
        run.stderr,
      );
    expect(match, run.stderr).not.toBeNull();
    expect(match![2]).toBe(flipped(match![1]!));
    expect(existsSync(trace)).toBe(false);
    expect(run.leftovers).toEqual([]);
  });

  it('Ctrl-C stops a long compare in its run: the runs finished before it listed, exit 130', async () => {
    const trace = join(dir, 'race.csv');
    const run = await interrupted(['compare', ...flipping, '--optimizer', 'lbfgs,gd'], trace);
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    const [first, second, ...rest] = run.stderr.split('\n');
    const match =
      /^downhill: interrupted in run 2 of 2 \(gd lr 1\) after (\d+) iterations at (.*), where f = 25 and the gradient norm is 10; no --trace file was written$/.exec(
        first!,
      );
    expect(match, run.stderr).not.toBeNull();
    expect(match![2]).toBe(flipped(match![1]!));
    // lbfgs's line search lands on the minimum of a quadratic.
    expect(second).toMatch(/^1\. lbfgs: converged, f = 0 — /);
    expect(rest).toEqual(['']);
    expect(existsSync(trace)).toBe(false);
    expect(run.leftovers).toEqual([]);
  });

  // gd at lr 0.1 on x² + y² from (3, 4) shrinks the point by 0.8 a step, so step k is 0.2·5·0.8^k long:
  // below 1e-8 first at k = 83 (0.8^83 = 9.0e-9, 0.8^82 = 1.1e-8), the 84th iteration. Once the
  // temporary trace holds every row the run has ended, and the GIF's frames take seconds.
  const shrinking = ['x^2+y^2', '--start', 'x=3,y=4', '--lr', '0.1'];
  const traceBytes = (args: readonly string[]): number => {
    const whole = join(dir, 'whole.csv');
    expect(runCli([...args, '--trace', whole]).code).toBe(0);
    return statSync(whole).size;
  };

  it('Ctrl-C while a run’s GIF is drawn: exit 130, one line saying so, neither file nor a temporary left', async () => {
    const trace = join(dir, 'drawn.csv');
    const gif = join(dir, 'drawn.gif');
    const run = await interrupted(
      ['minimize', ...shrinking, '--plot', gif],
      trace,
      traceBytes(['minimize', ...shrinking]),
    );
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `downhill: interrupted while drawing the --plot file "${gif}", after the run ended (converged after 84 iterations); no --trace or --plot file was written\n`,
    );
    expect(run.leftovers).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.startsWith('drawn.'))).toEqual([]);
  });

  it('Ctrl-C while a compare’s GIF is drawn lists every run, each from its own iterates', async () => {
    const trace = join(dir, 'drawn-race.csv');
    const gif = join(dir, 'drawn-race.gif');
    const race = ['compare', ...shrinking.slice(0, -1), '0.1,0.3'];
    const run = await interrupted([...race, '--plot', gif], trace, traceBytes(race));
    expect(run.code).toBe(130);
    expect(run.stdout).toBe('');
    // At lr 0.3 the point shrinks by 0.4 a step, its step 0.6·5·0.4^k below 1e-8 first at k = 22: 23 iterations.
    expect(run.stderr.split('\n')).toEqual([
      `downhill: interrupted while drawing the --plot file "${gif}", after all 2 runs ended; no --trace or --plot file was written`,
      expect.stringMatching(
        /^1\. gd lr 0\.1: converged, f = .* — step size fell below 1e-8 after 84 iterations$/,
      ),
      expect.stringMatching(
        /^2\. gd lr 0\.3: converged, f = .* — step size fell below 1e-8 after 23 iterations$/,
      ),
      '',
    ]);
    expect(run.leftovers).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.startsWith('drawn-race.'))).toEqual([]);
  });

  it('writes neither output when one of them cannot be written', () => {
    const trace = join(dir, 'first.csv');
    const { code } = runCli(['minimize', seed, '--trace', trace, '--plot', join(dir, 'no/such/dir/p.png')]);
    expect(code).toBe(2);
    expect(existsSync(trace)).toBe(false);
  });
});
