// Faults during fit: Ctrl-C writes a final checkpoint and exits 130; SIGKILL at random moments leaves a whole checkpoint that resumes bit for bit.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';
import { cliPath, runCli } from './run-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-faults-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// Mini-batches of 4 on a 64-64 network: checkpoints are large and mid-epoch, so kills land inside writes.
const training = [
  '@spiral',
  '--model',
  'mlp:64,64',
  '--optimizer',
  'adam',
  '--batch-size',
  '4',
  '--seed',
  '2',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a long fit with a checkpoint, waits until one exists plus `ms`, sends `signal`; its exit code and stderr. */
async function interrupt(checkpoint: string, ms: number, signal: NodeJS.Signals) {
  const child = spawn(
    process.execPath,
    [cliPath, 'fit', ...training, '--epochs', '100000', '--checkpoint', checkpoint],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!existsSync(checkpoint) && Date.now() < deadline) await sleep(20);
  await sleep(ms);
  child.kill(signal);
  return { code: await exited, stderr, stdout };
}

/** The result of `epochs` epochs, resumed from a checkpoint or run from the start. */
function finalParameters(epochs: number, resume?: string) {
  const run = runCli([
    'fit',
    ...training,
    '--epochs',
    String(epochs),
    '--json',
    ...(resume ? ['--resume', resume] : []),
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { parameters, loss } = JSON.parse(run.stdout);
  return { parameters, loss };
}

describe('faults during fit', () => {
  it('SIGINT writes a final checkpoint and exits 130 with one line; resuming equals an uninterrupted run', {
    timeout: 120_000,
  }, async () => {
    const checkpoint = join(folder, 'int.ckpt');
    const { code, stderr, stdout } = await interrupt(checkpoint, 600, 'SIGINT');
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `downhill: interrupted; the checkpoint "${checkpoint}" holds the state (continue with --resume)\n`,
    );
    const saved = decodeCheckpoint(readFileSync(checkpoint, 'utf8'));
    expect(saved.epochs).toBe(100000);
    expect(saved.epoch + saved.batch).toBeGreaterThan(0);
    const total = saved.epoch + 2;
    expect(finalParameters(total, checkpoint)).toEqual(finalParameters(total));
  });

  it('SIGKILL at random moments always leaves a whole checkpoint that resumes bit for bit', {
    timeout: 240_000,
  }, async () => {
    const moments = Array.from({ length: 3 }, () => 200 + Math.floor(Math.random() * 1800));
    for (const ms of moments) {
      const checkpoint = join(folder, `kill-${ms}.ckpt`);
      const { code } = await interrupt(checkpoint, ms, 'SIGKILL');
      expect(code).toBeNull();
      const saved = decodeCheckpoint(readFileSync(checkpoint, 'utf8'));
      const total = saved.epoch + 1;
      expect(finalParameters(total, checkpoint), `killed ${ms} ms after the first checkpoint`).toEqual(
        finalParameters(total),
      );
    }
  });
});

describe('Ctrl-C after a fit', () => {
  it('while its GIF is drawn: exit 130, one line saying so, no --plot file, the checkpoint at the last epoch', async () => {
    const checkpoint = join(folder, 'drawn.ckpt');
    const gif = join(folder, 'drawn.gif');
    const child = spawn(
      process.execPath,
      [cliPath, 'fit', '@line', '--lr', '0.05', '--epochs', '60', '--plot', gif, '--checkpoint', checkpoint],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // The checkpoint is announced once the fit has ended; the GIF's 61 line frames take seconds after it.
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('wrote ') && Date.now() < deadline) await sleep(20);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `wrote ${checkpoint}\ndownhill: interrupted while drawing the --plot file "${gif}", after the fit ended (max-iterations after 60 epochs); no --plot file was written; the checkpoint "${checkpoint}" holds the result\n`,
    );
    expect(decodeCheckpoint(readFileSync(checkpoint, 'utf8')).epoch).toBe(60);
    expect(existsSync(gif)).toBe(false);
  });
});
