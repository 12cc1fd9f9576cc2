// Console blocks in Markdown: each is `$ command` lines, each followed by what it prints; this reads and compares them.

/** One command of a console block and the output written under it. */
export interface ConsoleCommand {
  readonly file: string;
  readonly line: number;
  readonly command: string;
  readonly expected: string;
}

/**
 * Every command of every ```console block in a Markdown text.
 *
 * @example
 * consoleCommands('README.md', '```console\n$ echo hi\nhi\n```'); // [{ command: 'echo hi', expected: 'hi', … }]
 */
export function consoleCommands(file: string, markdown: string): ConsoleCommand[] {
  const lines = markdown.split('\n');
  const out: ConsoleCommand[] = [];
  let inBlock = false;
  let current: { line: number; command: string; expected: string[] } | null = null;
  const flush = () => {
    if (current !== null)
      out.push({ file, line: current.line, command: current.command, expected: current.expected.join('\n') });
    current = null;
  };
  lines.forEach((text, index) => {
    if (!inBlock) {
      inBlock = text.trim() === '```console';
      return;
    }
    if (text.trim() === '```') {
      flush();
      inBlock = false;
    } else if (text.startsWith('$ ')) {
      flush();
      current = { line: index + 1, command: text.slice(2), expected: [] };
    } else if (current !== null) {
      current.expected.push(text);
    }
  });
  return out;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** The tolerance the printed digits of a number allow: half a unit in its last printed place. */
function halfUnit(printed: string): number {
  const [mantissa = '', exponent] = printed.toLowerCase().split('e');
  const decimals = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  return 0.5 * 10 ** (Number(exponent ?? 0) - decimals);
}

function lineMatches(expected: string, actual: string): boolean {
  // `…` stands for any text (a volatile part such as a timing).
  const [head = '', ...rest] = expected.split('…');
  if (rest.length > 0) {
    if (!lineMatches(head.trimEnd(), actual.slice(0, head.trimEnd().length))) return false;
    const tail = rest.join('…');
    return tail === '' || actual.includes(tail.trim());
  }
  const numbers = [...expected.matchAll(NUMBER)];
  const got = [...actual.matchAll(NUMBER)];
  if (numbers.length !== got.length) return false;
  if (
    expected.replace(NUMBER, '#').replace(/\s+/g, ' ').trim() !==
    actual.replace(NUMBER, '#').replace(/\s+/g, ' ').trim()
  )
    return false;
  return numbers.every((e, i) => Math.abs(Number(e[0]) - Number(got[i]?.[0])) <= halfUnit(e[0]));
}

/**
 * Whether a command's output matches what the docs print: line by line, numbers to their printed
 * digits, `…` in a line for any text, a line of `…` alone for any number of lines. Returns the first
 * line that differs, or null.
 *
 * @example
 * outputMismatch('value 2.00', 'value 2.0012'); // null
 */
export function outputMismatch(expected: string, actual: string): string | null {
  const want = expected.replace(/\s+$/, '').split('\n');
  const got = actual.replace(/\s+$/, '').split('\n');
  let g = 0;
  for (let w = 0; w < want.length; w++) {
    const line = want[w] ?? '';
    if (line.trim() === '…') {
      const next = want[w + 1];
      if (next === undefined) return null;
      while (g < got.length && !lineMatches(next, got[g] ?? '')) g++;
      continue;
    }
    const actualLine = got[g];
    if (actualLine === undefined) return `missing line: ${line}`;
    if (!lineMatches(line, actualLine)) return `expected: ${line}\n     got: ${actualLine}`;
    g++;
  }
  return g < got.length ? `unexpected line: ${got[g]}` : null;
}
