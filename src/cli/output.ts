// Writing results: JSON that never holds NaN or Infinity, and files that appear whole or not at all.

import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../index.js';
import { fileProblem } from '../internal.js';

/** JSON with typed arrays as arrays and every non-finite number as null (CONTRACT). */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      if (v instanceof Float64Array || v instanceof Float32Array)
        return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
      return v;
    },
    indent,
  );
}

/**
 * Prints text on stdout with write(2) itself. A fresh process that has not used process.stdout does
 * not make it: the stream would load Node's streams library, a few milliseconds of a short command.
 * A descriptor left non-blocking that cannot take it all at once (EAGAIN) gets the rest through
 * process.stdout, which waits until it can.
 */
export function printOut(text: string): void {
  writeAll(1, text);
}

/**
 * Says on stderr that a command left a file, `wrote FILE`, the same words for every command and every
 * file (stdout carries the result alone, so --json stays one JSON object). A device such as /dev/null is
 * written to and not announced: only a regular file is left behind.
 */
export function sayWritten(path: string): void {
  let file = false;
  try {
    file = statSync(path).isFile();
  } catch {
    file = false;
  }
  if (file) writeAll(2, `wrote ${path}\n`);
}

function writeAll(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

/**
 * One file a command writes, and the flag that named it: its bytes, or a temporary file already
 * written (StreamedFile). Once in place it is announced (sayWritten) unless `quiet`: a checkpoint
 * rewritten every second is announced once, by its command, at the end.
 */
export type OutputFile = (
  | { path: string; data: string | Uint8Array; flag: string }
  | { path: string; streamed: StreamedFile; flag: string }
) & { quiet?: boolean };

/** How bytes reach a file; tests swap in a writer that fails as a full disk does. */
export interface FileWriter {
  write(path: string, data: string | Uint8Array): void;
}

const fsWriter: FileWriter = { write: (path, data) => writeFileSync(path, data) };

const temporary = (path: string): string => `${path}.${process.pid}.tmp`;

// Whether a process still runs: signal 0 checks without sending; EPERM means it runs as someone else.
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the temporary files that a killed command (SIGKILL leaves no chance to clean up) left
 * beside `path`: `path.PID.tmp` whose process no longer runs. Another live writer's file is kept.
 */
export function removeStaleTemporaries(path: string): void {
  const name = basename(path);
  let entries: string[];
  try {
    entries = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(`${name}.`) || !entry.endsWith('.tmp')) continue;
    const pid = entry.slice(name.length + 1, -4);
    if (!/^\d{1,10}$/.test(pid) || Number(pid) === process.pid || running(Number(pid))) continue;
    rmSync(join(dirname(path), entry), { force: true });
  }
}

/**
 * The text of the checkpoint `--resume` names, or bad input naming the file and why it cannot be read.
 * A resumed run is where a killed one is picked up, so the temporary files the killed one left beside
 * the checkpoint (removeStaleTemporaries) go now, even when this run writes no checkpoint of its own.
 */
export function readResumeFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`--resume: cannot read "${file}" (${fileProblem(error)})`);
  }
  removeStaleTemporaries(file);
  return text;
}

/** A target that is no plain file — /dev/stdout, a named pipe — is written straight to, never replaced. */
const isSpecial = (path: string): boolean => {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && !stat.isFile() && !stat.isDirectory();
};

/** Why a file cannot be written, in words (fileProblem's), and its code. */
function reasonText(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  // ENOENT where the folder exists: a file system that makes no files on request, as /proc.
  if (code === 'ENOENT' && statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory())
    return 'the folder takes no new files, ENOENT';
  const words = fileProblem(error, 'write');
  return code === undefined || words === code ? words : `${words}, ${code}`;
}

const cannot = (path: string, flag: string, error: unknown): InputError =>
  new InputError(`${flag}: cannot write "${path}" (${reasonText(error, path)})`);

/**
 * Fails now, before any work, when `path` cannot be written: it is a folder, its folder is missing or
 * not writable. It creates and removes the temporary file the write will use, so a read-only disk
 * or a permission the process lacks is found as well. The temporary files a killed command left
 * beside `path` go now (removeStaleTemporaries): a killed command (SIGKILL, or Ctrl-C while a picture
 * is drawn, after the run's loop) leaves its trace half-written.
 */
export function checkWritable(path: string, flag: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(`${flag}: "${path}" is a folder`);
  }
  if (isSpecial(path)) return;
  const probe = temporary(path);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannot(path, flag, error);
  }
  rmSync(probe, { force: true });
  removeStaleTemporaries(path);
}

/**
 * A file written piece by piece as a run goes (a trace of 10⁹ iterates never sits in memory), into
 * a temporary file beside its target that writeFilesAtomic renames into place — or removes when the
 * command fails, so nothing half-written is left.
 */
export class StreamedFile {
  /** The file written to: a temporary one beside the target, or the target itself when it is special. */
  readonly temporary: string;
  /** Whether the target is special (a device, a pipe), written straight to. */
  readonly direct: boolean;
  private fd: number | null;
  private chunks: string[] = [];
  private pending = 0;

  constructor(
    readonly path: string,
    readonly flag: string,
  ) {
    this.direct = isSpecial(path);
    this.temporary = this.direct ? path : temporary(path);
    try {
      this.fd = openSync(this.temporary, this.direct ? 'a' : 'w');
    } catch (error) {
      throw cannot(path, flag, error);
    }
  }

  /** Appends text; it reaches the disk in chunks of about 1 MB. */
  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }

  /** Writes what is pending and closes the temporary file. */
  close(): void {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and removes the temporary file. */
  discard(): void {
    try {
      if (this.fd !== null) closeSync(this.fd);
    } finally {
      this.fd = null;
      if (!this.direct) rmSync(this.temporary, { force: true });
    }
  }

  /** Writes what is pending to the disk now (rows still come after it). */
  flush(): void {
    if (this.fd === null || this.chunks.length === 0) return;
    const text = this.chunks.join('');
    this.chunks = [];
    this.pending = 0;
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.discard();
      // A pipe whose reader has gone (`--trace /dev/stdout | head`) ends the command quietly (main).
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw error;
      throw cannot(this.path, this.flag, error);
    }
  }
}

/**
 * Writes files all or none: each goes to a temporary file beside it, and only when every one is
 * written are they renamed into place, so a failing command — a full disk, a read-only folder —
 * leaves no output behind, not even a temporary file.
 */
export function writeFilesAtomic(files: readonly OutputFile[], writer: FileWriter = fsWriter): void {
  const seen = new Map<string, string>();
  const temporaries: string[] = [];
  try {
    for (const file of files) {
      const other = seen.get(file.path);
      if (other !== undefined) throw new InputError(`${file.flag}: "${file.path}" is also the ${other} file`);
      seen.set(file.path, file.flag);
    }
    for (const file of files) {
      if (statSync(file.path, { throwIfNoEntry: false })?.isDirectory()) {
        throw new InputError(`${file.flag}: "${file.path}" is a folder`);
      }
      if ('streamed' in file) {
        if (!file.streamed.direct) temporaries.push(file.streamed.temporary);
        file.streamed.close();
        continue;
      }
      const direct = isSpecial(file.path);
      const path = direct ? file.path : temporary(file.path);
      // Listed before the write: a write that fails half-way (a full disk) leaves a file to remove.
      if (!direct) temporaries.push(path);
      try {
        writer.write(path, file.data);
      } catch (error) {
        throw cannot(file.path, file.flag, error);
      }
    }
    for (const path of temporaries) {
      const file = files.find((f) => temporary(f.path) === path)!;
      try {
        renameSync(path, file.path);
      } catch (error) {
        throw cannot(file.path, file.flag, error);
      }
      removeStaleTemporaries(file.path);
    }
  } catch (error) {
    for (const file of files) if ('streamed' in file) file.streamed.discard();
    for (const path of temporaries) rmSync(path, { force: true });
    throw error;
  }
  // A device or a pipe (/dev/stdout) is written to, not left as a file.
  for (const file of files)
    if (file.quiet !== true && temporaries.includes(temporary(file.path))) sayWritten(file.path);
}

/** Writes one file atomically: a temporary file beside it, then a rename; announced unless `quiet`. */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  flag: string,
  options: { writer?: FileWriter; quiet?: boolean } = {},
): void {
  writeFilesAtomic([{ path, data, flag, quiet: options.quiet === true }], options.writer);
}

/**
 * Text columns as wide as their widest cell: left-aligned with two spaces between, or right-aligned
 * (numbers) with three. Returns one string per row.
 *
 * @example
 * columns([['name', 'rows'], ['@line', '50']]); // ['name   rows', '@line  50']
 */
export function columns(rows: readonly (readonly string[])[], align: 'left' | 'right' = 'left'): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) widths[c] = Math.max(widths[c] ?? 0, row[c]!.length);
  }
  return rows.map((row) =>
    align === 'left'
      ? row
          .map((cell, c) => cell.padEnd(widths[c]!))
          .join('  ')
          .trimEnd()
      : row.map((cell, c) => cell.padStart(widths[c]!)).join('   '),
  );
}
