// Accepted inputs that must not crash or leave anything behind: outputs checked first, closed pipes, full and read-only disks.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../src/cli/output.js';
import { InputError } from '../../src/errors.js';
import { cliPath, runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const folder = tempFolder('harden');
mkdirSync(join(folder, 'a-folder.png'));
const oneLine = (stderr: string): void => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^downhill: /);
};

describe('fit checks every output before any work', () => {
  it('a plot in a missing folder fails at once, and the checkpoint is never written', () => {
    const checkpoint = join(folder, 'ok.ckpt');
    const run = runCli(['fit', '@line', '--plot', '/nonexistent/p.png', '--checkpoint', checkpoint]);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain('--plot: cannot write "/nonexistent/p.png" (no such folder');
    expect(run.stdout).toBe('');
    expect(existsSync(checkpoint)).toBe(false);
    expect(readdirSync(folder).filter((f) => f.startsWith('ok.ckpt'))).toEqual([]);
  });

  it('a folder that exists but makes no files (/proc) is not called missing', () => {
    const run = runCli(['fit', '@line', '--plot', '/proc/p.png']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'downhill: --plot: cannot write "/proc/p.png" (the folder takes no new files, ENOENT)\n',
    );
  });

  it.each([
    [['--checkpoint', '/nonexistent/run.ckpt'], /--checkpoint: cannot write/],
    [['--plot', join(folder, 'a-folder.png')], /--plot: ".*a-folder.png" is a folder/],
    [['--checkpoint', join(folder, 'same.png'), '--plot', join(folder, 'same.png')], /also the --plot file/],
  ])('%j is refused before training', (args, message) => {
    const run = runCli(['fit', '@line', '--epochs', '100000000', '--tol', '0', ...args]);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('minimize checks --trace the same way', () => {
    const run = runCli(['minimize', 'x^2', '--trace', '/nonexistent/t.csv', '--max-iter', '1000000000']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--trace: cannot write "/nonexistent/t.csv"');
  });
});

describe('a closed pipe ends the command quietly', () => {
  it.each([
    ['fit @iris --model softmax --epochs 3 --json | true'],
    ['fit @line --find-lr | true'],
    ['fit @iris --model softmax --epochs 3 | head -1'],
    ['minimize "x^2" --start x=3 --max-iter 300000 --tol 0 --trace /dev/stdout | head -2'],
    ['compare "x^2" --lr 0.1,0.2 --json | head -c 10'],
  ])('%s', (command) => {
    const run = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${cliPath}" ${command} >/dev/null`],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('a full disk leaves nothing behind', () => {
  const enospc = (): Error =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  // A writer that gets half the bytes onto the disk, then finds it full.
  const halfThenFull = {
    write(path: string, data: string | Uint8Array) {
      writeFileSync(
        path,
        typeof data === 'string' ? data.slice(0, data.length >> 1) : data.subarray(0, data.length >> 1),
      );
      throw enospc();
    },
  };

  it('refuses with one line and removes its temporary file', () => {
    const dir = join(folder, 'full');
    mkdirSync(dir);
    let error: unknown;
    try {
      writeFileAtomic(join(dir, 'p.png'), 'x'.repeat(10_000), '--plot', { writer: halfThenFull });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `--plot: cannot write "${join(dir, 'p.png')}" (no space left on the device, ENOSPC)`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps an existing target as it was and writes none of a set of files', () => {
    const dir = join(folder, 'existing');
    mkdirSync(dir);
    writeFileSync(join(dir, 'old.csv'), 'before');
    let calls = 0;
    const secondFails = {
      write(path: string, data: string | Uint8Array) {
        if (++calls === 2) halfThenFull.write(path, data);
        else writeFileSync(path, data);
      },
    };
    expect(() =>
      writeFilesAtomic(
        [
          { path: join(dir, 'old.csv'), data: 'after', flag: '--trace' },
          { path: join(dir, 'p.svg'), data: '<svg/>', flag: '--plot' },
        ],
        secondFails,
      ),
    ).toThrow(/--plot: cannot write .*no space left/);
    expect(readdirSync(dir)).toEqual(['old.csv']);
  });
});

// A real full disk and a read-only one: a small tmpfs, which only root may mount.
const mountable = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), 'downhill-mount-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

describe.runIf(mountable)('on a real small disk (tmpfs, as root)', () => {
  const disk = mkdtempSync(join(tmpdir(), 'downhill-disk-'));
  const mount = (options: string): void => {
    spawnSync('umount', [disk]);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', disk]).status).toBe(0);
  };
  afterAll(() => {
    spawnSync('umount', [disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  it.each([
    [
      'a trace that fills the disk mid-run',
      ['minimize', 'x^2', '--start', 'x=3', '--tol', '0', '--max-iter', '100000', '--trace', 'DISK/t.csv'],
    ],
    [
      'a picture larger than the disk',
      [
        'minimize',
        '(1-x)^2 + 100*(y-x^2)^2',
        '--start',
        'x=-1.2,y=1',
        '--lr',
        '0.001',
        '--plot',
        'DISK/p.png',
        '--size',
        '2000x2000',
      ],
    ],
    [
      'a checkpoint larger than the disk',
      ['fit', '@spiral', '--model', 'mlp:256,256', '--epochs', '2', '--checkpoint', 'DISK/run.ckpt'],
    ],
  ])('%s: exit 2, one line, nothing left on the disk', (_, args) => {
    mount('size=48k');
    const run = runCli(args.map((a) => a.replace('DISK', disk)));
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/cannot write .*no space left on the device, ENOSPC/);
    expect(readdirSync(disk)).toEqual([]);
  });

  it('a read-only folder: exit 2, one line, before any work', () => {
    mount('size=64k,ro');
    const run = runCli([
      'fit',
      '@line',
      '--epochs',
      '100000000',
      '--tol',
      '0',
      '--checkpoint',
      join(disk, 'run.ckpt'),
    ]);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain('read-only file system, EROFS');
    expect(run.stdout).toBe('');
  });
});
