// The README's custom-model example, read from README.md and run as written (nothing copied here).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as downhill from '../../src/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The code block after the marker, with its `import … from 'downhill'` read from the library instead. */
function example(): string {
  const marker = readme.indexOf('<!-- custom-model example');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (marker < 0 || block === null) throw new Error('README.md has no custom-model example');
  return block[1]!.replace(/^import \{([^}]*)\} from 'downhill';$/m, 'const {$1} = lib;');
}

describe('README custom-model example', () => {
  it('is at most ten lines of code and recovers a = 3, b = 1, c = 0.5', () => {
    const code = example();
    expect(code.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(10);
    const run = new Function('lib', `${code}\nreturn run;`)(downhill) as downhill.FitResult;
    expect(run.status).toBe('converged');
    const p = run.parameters as Record<string, number>;
    expect(p.a).toBeCloseTo(3, 6);
    expect(p.b).toBeCloseTo(1, 6);
    expect(p.c).toBeCloseTo(0.5, 6);
  });
});
