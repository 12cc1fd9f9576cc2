// Issue 12 item 7 and leftovers: the progress bar's estimate, --find-lr with --lr, stale temporary files.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelList } from '../../src/cli/label-list.js';
import { timeLeft, timeLeftText } from '../../src/cli/time-left.js';
import { runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const dir = tempFolder('small');

// A pid that no process has: one of a child that has already exited.
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('the progress bar estimate', () => {
  it('says nothing until this run has done some work', () => {
    expect(timeLeft(0, 100, 1.5, 0)).toBe('');
    // A resumed run at epoch 40 has done nothing of its own yet.
    expect(timeLeft(40, 100, 1.5, 40)).toBe('');
    expect(timeLeftText(7, 7, 3, 0)).toBe('');
  });

  it('goes by this run’s rate: 7 epochs in 1.2 s leave 93 epochs, 15.9 s', () => {
    expect(timeLeft(7, 100, 1.2, 0)).toBe('16s');
    // Resumed at 50: 10 epochs in 2 s, 40 to go → 8 s.
    expect(timeLeft(60, 100, 2, 50)).toBe('8s');
    expect(timeLeft(10, 1000, 6.1, 0)).toBe('10m 04s');
    expect(timeLeft(1, 10_000, 1, 0)).toBe('2h 47m');
    expect(timeLeftText(7, 100, 1.2, 0)).toBe(' | 16s left');
  });

  it('never says 0s while work remains', () => {
    expect(timeLeft(99, 100, 1, 0)).toBe('<1s');
    expect(timeLeft(999_999, 1_000_000, 1, 0)).toBe('<1s');
    expect(timeLeft(1, 2, 1e-9, 0)).toBe('<1s');
    // Just over a whole second rounds up, never down to what is not yet done.
    expect(timeLeft(1, 2, 1.001, 0)).toBe('2s');
    expect(timeLeft(1, 2, 0.999, 0)).toBe('<1s');
  });
});

describe('--find-lr', () => {
  it('refuses --lr beside it with one line and exit 2, before reading any data', () => {
    const run = runCli(['fit', '@line', '--find-lr', '--lr', '0.1']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'downhill: --find-lr sweeps the learning rate itself: leave out --lr (run with the rate it suggests)',
    ]);
  });

  it('runs without it', () => {
    const run = runCli(['fit', '@line', '--find-lr']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).suggestedLr).toBeGreaterThan(0);
  });
});

describe('temporary files a killed command left behind', () => {
  it('are removed by the next command that writes the same file; a live writer’s file stays', () => {
    const target = join(dir, 'p.svg');
    const dead = join(dir, `p.svg.${deadPid()}.tmp`);
    const live = join(dir, `p.svg.${process.pid}.tmp`);
    const other = join(dir, `q.svg.${deadPid()}.tmp`);
    for (const file of [dead, live, other]) writeFileSync(file, 'half a picture');
    const run = runCli(['minimize', 'x^2', '--start', 'x=1', '--plot', target]);
    expect(run.code).toBe(0);
    expect(existsSync(target)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    // This test's own process is alive: its file is not the command's to remove.
    expect(existsSync(live)).toBe(true);
    // A temporary file of another target is left alone.
    expect(existsSync(other)).toBe(true);
  });

  it('are removed beside a checkpoint too', () => {
    const checkpoint = join(dir, 'run.ckpt');
    const dead = join(dir, `run.ckpt.${deadPid()}.tmp`);
    writeFileSync(dead, '{"half":');
    const run = runCli(['fit', '@line', '--epochs', '5', '--checkpoint', checkpoint, '--json']);
    expect(run.code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('run.ckpt'))).toEqual(['run.ckpt']);
  });

  it('are removed when a run resumes from the checkpoint, though it writes none, in memory and streamed', () => {
    for (const [name, extra] of [
      ['whole.ckpt', []],
      ['streamed.ckpt', ['--memory', '512MB']],
    ] as const) {
      const checkpoint = join(dir, name);
      const first = runCli(['fit', '@line', '--epochs', '5', '--checkpoint', checkpoint, '--json', ...extra]);
      expect(first.code).toBe(0);
      const dead = join(dir, `${name}.${deadPid()}.tmp`);
      const live = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(dead, '{"half":');
      writeFileSync(live, '{"half":');
      const resumed = runCli(['fit', '@line', '--epochs', '8', '--resume', checkpoint, '--json', ...extra]);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout).epochs).toBe(8);
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    }
  });
});

describe('names that collide or hold commas', () => {
  it('refuses a feature column named intercept for linear, logistic and poly, which report parameters.intercept', () => {
    const csv = join(dir, 'intercept.csv');
    // y = 1 + 2·x exactly; the column "intercept" is a second feature.
    writeFileSync(csv, 'intercept,x,y\n5,0,1\n3,1,3\n4,2,5\n1,3,7\n');
    const labels = join(dir, 'intercept-labels.csv');
    writeFileSync(labels, 'intercept,x,label\n5,0,a\n3,1,b\n4,2,a\n1,3,b\n');
    for (const [model, file, target] of [
      ['linear', csv, 'y'],
      ['poly:2', csv, 'y'],
      ['logistic', labels, 'label'],
    ] as const) {
      const run = runCli(['fit', file, '--model', model, '--target', target, '--json']);
      expect(run.code, model).toBe(2);
      expect(run.stdout, model).toBe('');
      expect(run.stderr, model).toBe(
        `downhill: a feature column is named "intercept", which ${model}'s parameters already use for the intercept (parameters.intercept); rename the column, or leave it out: --features x\n`,
      );
    }
    // The fix reads the same whether --features was typed or defaulted to every other column.
    const typed = runCli(['fit', csv, '--target', 'y', '--features', 'x,intercept']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(/rename the column, or leave it out: --features x\n$/);
    const alone = join(dir, 'intercept-alone.csv');
    writeFileSync(alone, 'intercept,y\n0,1\n1,3\n');
    expect(runCli(['fit', alone]).stderr).toMatch(/\(parameters\.intercept\); rename the column\n$/);
    // Left out of the features, the fit is the exact line; a target named intercept is no feature, so it is fine.
    const kept = runCli(['fit', csv, '--target', 'y', '--features', 'x', '--optimizer', 'lbfgs', '--json']);
    expect(kept.code).toBe(0);
    const { parameters } = JSON.parse(kept.stdout);
    expect(Object.keys(parameters)).toEqual(['intercept', 'x']);
    expect(parameters.intercept).toBeCloseTo(1, 9);
    expect(parameters.x).toBeCloseTo(2, 9);
    const named = join(dir, 'intercept-target.csv');
    writeFileSync(named, 'x,intercept\n0,1\n1,3\n2,5\n3,7\n');
    const asTarget = runCli(['fit', named, '--optimizer', 'lbfgs', '--json']);
    expect(asTarget.code).toBe(0);
    expect(JSON.parse(asTarget.stdout).parameters.x).toBeCloseTo(2, 9);
    // mlp's parameters are named arrays: the column is an ordinary input there.
    expect(runCli(['fit', csv, '--target', 'y', '--model', 'mlp:2', '--epochs', '2', '--json']).code).toBe(0);
  });

  it('quotes a class label that holds a comma', () => {
    const csv = join(dir, 'labels.csv');
    writeFileSync(csv, 'x,label\n0,"a, b"\n1,c\n0.2,"a, b"\n0.9,c\n');
    const run = runCli(['fit', csv, '--model', 'logistic', '--epochs', '10']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(classes "a, b", c)');
    expect(labelList(['setosa', 'versicolor'])).toBe('setosa, versicolor');
    expect(labelList(['say "hi"', ' padded', ''])).toBe('"say \\"hi\\"", " padded", ""');
  });
});
