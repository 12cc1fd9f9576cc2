// A temporary folder for a test file or block, removed once its tests have run (none is left in the system's tmp).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A new folder named downhill-NAME-…, removed after the tests of the file or describe block that asks for it. */
export function tempFolder(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `downhill-${name}-`));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
