// `downhill fit --threads`: an mlp on two threads prints what one thread does, and a bad count is one line and exit 2.

import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('downhill fit --threads', () => {
  const args = [
    'fit',
    '@spiral',
    '--model',
    'mlp:32',
    '--optimizer',
    'adam',
    '--lr',
    '0.01',
    '--batch-size',
    '40',
  ];
  const args2 = [...args, '--epochs', '5', '--tol', '0', '--seed', '3', '--json'];

  it('gives the same model on 1 and 2 threads', () => {
    const one = runCli([...args2, '--threads', '1']);
    const two = runCli([...args2, '--threads', '2']);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b.parameters).toEqual(a.parameters);
    expect(b.loss).toBe(a.loss);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('names the flag for a count that is not a whole number ≥ 1', () => {
    for (const bad of ['0', '1.5', 'many']) {
      const run = runCli([...args2, '--threads', bad]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/--threads/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('lists --threads in the help', () => {
    expect(runCli(['fit', '--help']).stdout).toMatch(/--threads/);
  });
});
