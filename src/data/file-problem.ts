// Why a file cannot be read or written, in words: one table of the system's error codes for every reader and writer.

/** The words for the codes people meet; any other is shown as its code. */
const words: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

/**
 * What stopped reading or writing a file, in words: a system error by its code (its code itself
 * when the table has no words for it), anything else by its message. Writing, a missing path is a
 * missing folder, since the file is to be made.
 *
 * @example
 * fileProblem(Object.assign(new Error('EISDIR: illegal operation on a directory'), { code: 'EISDIR' })); // → 'it is a folder'
 * fileProblem(Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' }), 'write'); // → 'no such folder'
 */
export function fileProblem(error: unknown, doing: 'read' | 'write' = 'read'): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error instanceof Error ? error.message : String(error);
  if (doing === 'write' && code === 'ENOENT') return 'no such folder';
  return Object.hasOwn(words, code) ? words[code]! : code;
}
