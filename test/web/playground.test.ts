// The playground in Debian's Chromium: every mode runs, links reproduce views, bad input is explained, exports and the CLI agree.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../cli/run-cli.js';
import { tempFolder } from '../cli/temp-folder.js';
import { type Playground, repo, sideways, startPlayground } from './harness.js';

/** The files the tests write, removed once they have run. */
const files = tempFolder('web');

let playground: Playground;
let base: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  playground = await startPlayground();
  ({ base, page, errors: pageErrors } = playground);
});

afterAll(async () => {
  await playground?.close();
});

/** Opens the page at a query and waits until the mode has finished its first run. */
async function open(query: string): Promise<string> {
  await page.goto(`${base}${query}`);
  return settled();
}

async function settled(): Promise<string> {
  const status = page.getByTestId('status');
  await expect
    .poll(async () => status.getAttribute('data-state'), { timeout: 30_000 })
    .toMatch(/^(done|error|waiting)$/);
  return (await status.textContent()) ?? '';
}

/** Numbers (or records of numbers) equal to 1e-12 relative. */
function closeTo(a: unknown, b: unknown, what: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), what).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15);
    return;
  }
  expect(Object.keys(a as object), what).toEqual(Object.keys(b as object));
  for (const key of Object.keys(a as object))
    closeTo((a as Record<string, number>)[key], (b as Record<string, number>)[key], `${what}.${key}`);
}

const statusWords = /converged|max-iterations|diverged|oscillating|stalled/;

describe('the playground', () => {
  it('runs every mode and shows a status', async () => {
    for (const mode of ['1d', '2d', 'fit']) {
      expect(await open(`?mode=${mode}`)).toMatch(statusWords);
      expect(await page.getByTestId('verdict').textContent()).toMatch(statusWords);
    }
    // The fit's loss is drawn on a log scale and its axis labelled with losses, not their logarithms (1, 0, −1).
    const ticks = await page.locator('svg[aria-label="loss by epoch"] text.tick').allTextContents();
    expect(ticks).toEqual(expect.arrayContaining(['10', '1', '0.1']));
    expect(ticks.filter((t) => t.startsWith('−'))).toEqual([]);
    expect(await open('?mode=direction')).toMatch(/steepest first-order descent at β = 180°/);
    // The command it names stays on one line: a break at the flag's hyphen read "analyze -" / "-directions".
    const command = page.locator('summary code');
    expect(await command.textContent()).toBe('downhill analyze --directions');
    expect(await page.evaluate(`getComputedStyle(document.querySelector('summary code')).whiteSpace`)).toBe(
      'nowrap',
    );
    // Seed 002's race, truthfully: 1.0 bounces for ever, 1.01 diverges.
    const status = await open('?mode=1d');
    expect(status).toContain('gd lr 1: oscillating');
    expect(status).toContain('gd lr 1.01: diverged');
    expect(pageErrors).toEqual([]);
  });

  it('switches modes by the mode buttons and by keyboard alone', async () => {
    await open('?mode=1d');
    await page.getByTestId('mode-2d').click();
    expect(await settled()).toMatch(statusWords);
    expect(page.url()).toContain('mode=2d');
    await page.getByTestId('mode-direction').focus();
    await page.keyboard.press('Enter');
    expect(await settled()).toMatch(/β = 180°/);
    // Tab from the page's top reaches the run button; Enter runs.
    await open('?mode=1d&lr=0.1');
    let focused = '';
    for (let i = 0; i < 80 && focused !== 'run-button'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate('document.activeElement?.getAttribute("data-testid") ?? ""');
    }
    expect(focused).toBe('run-button');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    // The run starts on the next turn: wait for its words, not for the last run's state.
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 })
      .toMatch(/^gd lr 0\.1: /);
  });

  it('reproduces a view from its URL: mode, function, optimizers, rates, start', async () => {
    const status = await open(
      '?v=1&mode=2d&f=x%5E2%20%2B%203*y%5E2&opt=gd,adam,lbfgs&lr=0.1,0.05,-&start=x=2,y=-1&iter=300',
    );
    expect(await page.getByTestId('expr-input').inputValue()).toBe('x^2 + 3*y^2');
    expect(await page.getByTestId('optimizer-1').inputValue()).toBe('gd');
    expect(await page.getByTestId('optimizer-2').inputValue()).toBe('adam');
    expect(await page.getByTestId('optimizer-3').inputValue()).toBe('lbfgs');
    expect(await page.getByTestId('lr-input').inputValue()).toBe('0.1');
    expect(await page.getByTestId('start-input').inputValue()).toBe('x=2,y=-1');
    expect(status).toMatch(/gd lr 0\.1: [\w-]+ · adam lr 0\.05: [\w-]+ · lbfgs: converged/);
    expect(await page.getByTestId('mode-2d').getAttribute('aria-pressed')).toBe('true');
    // The page writes the same state back, so copying the link reproduces it.
    const search = new URL(page.url()).searchParams;
    expect(search.get('opt')).toBe('gd,adam,lbfgs');
    expect(search.get('lr')).toBe('0.1,0.05,-');
    expect(search.get('start')).toBe('x=2,y=-1');
    expect(search.get('f')).toBe('x^2 + 3*y^2');
  });

  it('ignores unknown and malformed URL values with a visible note', async () => {
    const status = await open('?mode=2d&opt=gd,warp&lr=fast&iter=-3&colour=red&v=7');
    expect(status).toMatch(statusWords);
    const notes = (await page.getByTestId('url-note').textContent()) ?? '';
    expect(notes).toContain('"warp"');
    expect(notes).toContain('lr="fast"');
    expect(notes).toContain('iter="-3"');
    expect(notes).toContain('"colour"');
    expect(notes).toContain('newer playground');
    await open('?mode=warp');
    expect(await page.getByTestId('url-note').textContent()).toContain('Ignored mode "warp"');
    expect(await page.getByTestId('mode-1d').getAttribute('aria-pressed')).toBe('true');
    // A library message inside the note's sentence keeps one full stop ("has 1 (x).. The page" read twice).
    await open('?mode=2d&f=x%5E2');
    const note = (await page.getByTestId('url-note').textContent()) ?? '';
    expect(note).toContain('this one has 1 (x). The page shows its default function.');
  });

  it('runs a fair race, opens the 3-D surface on demand and plays a run step by step', async () => {
    await open(
      '?mode=2d&f=x%5E2%20%2B%2020*y%5E2&opt=gd,momentum,lbfgs&lr=0.001,0.001,-&start=x=-4,y=2&iter=100',
    );
    await page.getByTestId('fair-race').click();
    const note = page.getByTestId('fair-note');
    await expect
      .poll(() => note.textContent(), { timeout: 60_000 })
      .toMatch(/gd got .*momentum got .*lbfgs needs none/);
    // The tuned rates are the ones now in the run list and the link.
    const tuned = await page.getByTestId('lr-input').inputValue();
    expect(Number(tuned)).not.toBe(0.001);
    expect(new URL(page.url()).searchParams.get('lr')?.split(',')[0]).toBe(tuned);
    await page.getByTestId('surface-button').click();
    await expect.poll(() => page.getByTestId('surface').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByTestId('reset-button').click();
    await page.getByTestId('step-button').click();
    await page.getByTestId('step-button').click();
    expect(await page.getByTestId('scrub').inputValue()).toBe('2');
  });

  it('hides the controls a teacher names with hide=', async () => {
    await open('?mode=2d&hide=optimizers,export,presets');
    expect(await page.getByTestId('export-png').isVisible()).toBe(false);
    expect(await page.getByTestId('optimizer-1').isVisible()).toBe(false);
    expect(await page.getByTestId('preset').isVisible()).toBe(false);
    expect(await page.getByTestId('expr-input').isVisible()).toBe(true);
  });

  it('explains a malformed expression next to its input', async () => {
    await open('?mode=1d');
    await page.getByTestId('expr-input').fill('x^^2 + 1');
    const error = page.getByTestId('expr-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/column 3/);
    expect(await page.getByTestId('expr-input').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('expr-input').fill('x^2 + y');
    await expect.poll(() => error.textContent()).toMatch(/one variable/);
    await page.getByTestId('expr-input').fill('x^2 - 2*x');
    await expect.poll(() => error.isVisible()).toBe(false);
  });

  it('keeps the last run up, headed as the last, while a field cannot be used, and carries the start to a renamed variable', async () => {
    await open('?mode=1d');
    const heading = page.locator('[data-testid="verdict"] h2');
    expect(await heading.textContent()).toBe('What happened');
    await page.getByTestId('expr-input').fill('sin(');
    await expect.poll(() => heading.textContent()).toContain('the last run, before the change');
    expect(await page.getByTestId('status').textContent()).toBe('waiting for a function that can be read');
    expect(await page.getByTestId('status').getAttribute('data-state')).toBe('waiting');
    // f(x) retyped as f(y): the start x=9 and the window follow, and the race runs.
    await page.getByTestId('expr-input').fill('y^2 - 4*y + 1');
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 })
      .toContain('gd lr 1: oscillating');
    expect(await page.getByTestId('start-input').inputValue()).toBe('y=9');
    expect(new URL(page.url()).searchParams.get('domain')).toBe('y=-6:10');
    expect(await heading.textContent()).toBe('What happened');
    // A start that leaves a variable out (it reads as 0) is carried over too, written out in full.
    await open(`?mode=2d&f=${encodeURIComponent('x^2 + 3*y^2')}&start=x%3D2&domain=x%3D-3:3`);
    await page.getByTestId('expr-input').fill('a^2 + 3*b^2');
    await expect
      .poll(() => page.getByTestId('start-input').inputValue(), { timeout: 30_000 })
      .toBe('a=2,b=0');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('domain'), { timeout: 30_000 })
      .toBe('a=-3:3,b=-5:5');
    await open('?mode=1d&f=y%5E2%20-%204*y%20%2B%201');
    // A learning rate that cannot be used holds the race too: the status says which, not the last run's words.
    await page.getByTestId('lr-input').fill('-1');
    await page.getByTestId('lr-input').press('Tab');
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 })
      .toBe('waiting for a learning rate of run 1 that can be used');
    expect(await page.getByTestId('status').getAttribute('data-state')).toBe('waiting');
    await expect.poll(() => heading.textContent()).toContain('the last run, before the change');
    await page.getByTestId('lr-input').fill('0.1');
    await page.getByTestId('lr-input').press('Tab');
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 })
      .toMatch(/^gd lr 0\.1: /);
    // A window or an iteration count that cannot be used says so in the status, not the last run's words.
    await page.getByTestId('iter-input').fill('-3');
    await page.getByTestId('iter-input').press('Tab');
    await expect
      .poll(() => page.getByTestId('status').textContent())
      .toBe('waiting for a number of iterations that can be used');
    // A verdict's numbers carry minus signs (a hyphen let a line break split 5e-301).
    await open(`?mode=1d&f=${encodeURIComponent('x^2*1e300')}`);
    const words = (await page.getByTestId('verdict').textContent()) ?? '';
    expect(words).toMatch(/try lr 5e−301/);
    expect(words).not.toMatch(/\de-\d/);
    expect(pageErrors).toEqual([]);
  });

  it('explains a malformed CSV next to the upload with the CLI reader’s message', async () => {
    await open('?mode=fit');
    const dir = files;
    const file = join(dir, 'ragged.csv');
    writeFileSync(file, 'x,y\n1,2\n2,4\n3\n');
    await page.getByTestId('csv-upload').setInputFiles(file);
    const error = page.getByTestId('csv-error');
    await expect.poll(() => error.isVisible(), { timeout: 10_000 }).toBe(true);
    const message = (await error.textContent()) ?? '';
    const cli = spawnSync(process.execPath, [cliPath, 'fit', file, '--json'], { encoding: 'utf8' });
    expect(cli.status).toBe(2);
    // The CLI names the path it was given, the page the file's name; the rest is the same words.
    const words = (text: string) =>
      text
        .replace(/^downhill: /, '')
        .replace(file, 'ragged.csv')
        .trim();
    expect(words(cli.stderr)).toContain(words(message));
    expect(message).toMatch(/line 4/);
  });

  it('reads a word in the fit mode’s target as an error where it stands, with no advice to classify', async () => {
    await open('?mode=fit');
    const error = page.getByTestId('csv-error');
    for (const [name, text, where] of [
      ['late.csv', 'x,y\n1,2\n2,cat\n', 'line 3, column 2 "y": "cat" is not a number'],
      [
        'iris-like.csv',
        'x,species\n1,setosa\n2,virginica\n',
        'line 2, column 2 "species": "setosa" is not a number',
      ],
    ] as const) {
      const file = join(files, name);
      writeFileSync(file, text);
      await page.getByTestId('csv-upload').setInputFiles(file);
      await expect.poll(() => error.textContent(), { timeout: 10_000 }).toContain(where);
      expect(await error.textContent()).not.toMatch(/classify|labels/);
      // A file without the column chosen before (y) is read with its own last column as the target.
      expect(await page.getByTestId('target-select').inputValue()).toBe(
        name === 'late.csv' ? 'y' : 'species',
      );
    }
  });

  it('says a copied link leaves an upload’s rows out, and draws a few uploaded points as large as the built-in ones', async () => {
    await open('?mode=fit');
    const file = join(files, 'five.csv');
    writeFileSync(file, 'x,y\n1,2.1\n2,3.9\n3,6.2\n4,7.8\n5,10.1\n');
    await page.getByTestId('csv-upload').setInputFiles(file);
    await expect
      .poll(() => page.getByTestId('status').textContent(), { timeout: 10_000 })
      .toMatch(statusWords);
    const radii = (await page
      .getByTestId('plot')
      .first()
      .locator('circle[data-index]')
      .evaluateAll((dots) => dots.map((d) => d.getAttribute('r')))) as string[];
    expect(radii).toEqual(['6', '6', '6', '6', '6']);
    await page.getByTestId('copy-link').click();
    await expect
      .poll(() => page.getByTestId('share-message').textContent())
      .toContain('It does not carry the rows of five.csv: it opens with the built-in points');
  });

  it('draws the direction mode at one scale across and up, so its η-circle is a circle and 90° looks like 90°', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await open('?mode=direction&angle=90');
      const [rx, ry] = (await page
        .locator('ellipse')
        .first()
        .evaluate((e) => [Number(e.getAttribute('rx')), Number(e.getAttribute('ry'))])) as number[];
      expect(rx, `${width} px`).toBeGreaterThan(20);
      expect(Math.abs(rx! - ry!), `${width} px`).toBeLessThan(0.01 * ry!);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('keeps markup in URL values and CSV cells as inert text', async () => {
    const markup = '<img src=x onerror="window.__pwned=1">';
    await page.goto(
      `${base}?mode=1d&f=${encodeURIComponent(markup)}&hide=${encodeURIComponent('<script>window.__pwned=2</script>')}`,
    );
    // The link's function cannot be read: the note quotes it as text and the page runs its default.
    expect(await settled()).toMatch(statusWords);
    expect(await page.getByTestId('url-note').textContent()).toContain('Ignored f="<img src=x onerror=');
    expect(await page.getByTestId('expr-input').inputValue()).toBe('x^2 - 4*x + 1');
    expect(await page.getByTestId('url-note').textContent()).toContain('<script>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    await open('?mode=fit');
    const dir = files;
    const file = join(dir, 'markup.csv');
    // csv-parse refuses quotes inside unquoted cells, so this markup has none: it reaches the message whole.
    const cell = '<img src=x onerror=window.__pwned=3>';
    writeFileSync(file, `x,<b id=bold>y</b>\n1,2\n2,${cell}\n`);
    await page.getByTestId('csv-upload').setInputFiles(file);
    const error = page.getByTestId('csv-error');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toContain('<img');
    expect(await page.locator('#bold').count()).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.getByTestId('target-select').textContent()).toContain('<b id=bold>y</b>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
  });

  it('fits a 375 px phone and a 1280 px screen with nothing running past the edge or scrolling sideways in every mode', async () => {
    try {
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        for (const mode of ['1d', '2d', 'fit', 'direction']) {
          await open(`?mode=${mode}`);
          // The explanations panels set their maths a moment after the run.
          await page.waitForTimeout(300);
          const widths = (await page.evaluate(
            '[document.documentElement.scrollWidth, window.innerWidth]',
          )) as number[];
          expect(widths[0], mode).toBeLessThanOrEqual(width);
          expect(await sideways(page), `${mode} at ${width} px`).toEqual([]);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('keeps each formula of the 2-D header on one line at 1280 px, and wraps between formulas at 375 px', async () => {
    // Rosenbrock's ∂f/∂x and ∂f/∂y are long: at 1280 px ∂f/∂y ran onto a second line of its own.
    // Lines counted by wraps: a box that starts no further right than the one before it begins a new line. For each
    // formula of the header, the lines its KaTeX pieces take; then the lines the formulas take.
    const wraps = `(boxes) => 1 + boxes.filter((b, i) => i > 0 && b.getBoundingClientRect().left <= boxes[i - 1].getBoundingClientRect().left + 0.5).length`;
    const lines = async () =>
      (await page.evaluate(
        `(() => { const count = ${wraps}; const pieces = [...document.querySelectorAll('[data-testid="formula"] > .math-piece')];
          return [pieces.map((p) => count([...p.querySelectorAll('.katex-html > .base')])), count(pieces)]; })()`,
      )) as [number[], number];
    try {
      await open('?mode=2d');
      expect(await lines(), 'f, ∂f/∂x and ∂f/∂y side by side, each on one line').toEqual([[1, 1, 1], 1]);
      await page.setViewportSize({ width: 375, height: 800 });
      await open('?mode=2d');
      expect((await lines())[1], 'each formula on a line of its own').toBe(3);
      expect(await sideways(page)).toEqual([]);
      // The command shown breaks at spaces, never after a flag's hyphens ("--" / "max-iter"), and reads as copied.
      await page.getByTestId('copy-command').click();
      const output = page.getByTestId('share-output');
      await expect.poll(() => output.isVisible()).toBe(true);
      expect(await output.textContent()).toMatch(
        /^downhill minimize '\(1-x\)\^2 \+ 100\*\(y-x\^2\)\^2' --start x=-1\.2,y=1 --max-iter 2000 /,
      );
      // Each line's last character as laid out, character by character: none is a hyphen.
      const ends = (await page.evaluate(`(() => {
        const pre = document.querySelector('[data-testid="share-output"]');
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        const lines = new Map();
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          for (let k = 0; k < node.length; k++) {
            const range = document.createRange();
            range.setStart(node, k);
            range.setEnd(node, k + 1);
            const box = range.getClientRects()[0];
            if (box && node.data[k].trim() !== '') lines.set(Math.round(box.top), node.data[k]);
          }
        return [...lines.values()];
      })()`)) as string[];
      expect(ends.length, 'the command takes several lines at 375 px').toBeGreaterThan(2);
      expect(ends.slice(0, -1).filter((c) => c === '-')).toEqual([]);
      expect(await sideways(page)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('has no serious or critical axe-core violations in any mode', async () => {
    const axe = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const mode of ['1d', '2d', 'fit', 'direction']) {
      await open(`?mode=${mode}`);
      await page.addScriptTag({ content: axe });
      const violations = (await page.evaluate(
        'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + ": " + v.nodes.length + " " + v.nodes[0].target.join(" ")))',
      )) as string[];
      expect(violations, mode).toEqual([]);
    }
  });

  it('exports PNG, GIF and JSON files of the right type', async () => {
    await open('?mode=1d&iter=30');
    const save = async (testid: string): Promise<Buffer> => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        page.getByTestId(testid).click(),
      ]);
      return readFileSync((await download.path())!);
    };
    const png = await save('export-png');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const gif = await save('export-gif');
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    const json = JSON.parse((await save('export-json')).toString('utf8'));
    expect(json.mode).toBe('1d');
    expect(json.runs).toHaveLength(4);
    expect(json.runs[2].status).toBe('oscillating');
    await open('?mode=2d&iter=50');
    expect([...(await save('export-png')).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('"copy as command" run in the CLI gives the same result as the page', async () => {
    for (const query of [
      '?mode=1d&iter=100',
      '?mode=2d&f=(1-x)%5E2%20%2B%20100*(y-x%5E2)%5E2&opt=gd,adam,lbfgs&lr=0.001,0.02,-&start=x=-1.2,y=1&iter=500',
      '?mode=2d&f=x%5E2%20%2B%203*y%5E2&opt=momentum,adam&lr=0.05,0.05&start=x=2,y=-1&iter=200',
    ]) {
      await open(query);
      await page.getByTestId('copy-command').click();
      const command = (await page.getByTestId('share-output').textContent()) ?? '';
      expect(command).toMatch(/^downhill (compare|minimize) /);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-json').click(),
      ]);
      const pageRuns = JSON.parse(readFileSync((await download.path())!, 'utf8')).runs as Record<
        string,
        unknown
      >[];
      const cliRuns = command.split('\n').flatMap((line) => {
        const result = spawnSync(
          'bash',
          ['-c', line.replace(/^downhill /, `"${process.execPath}" "${cliPath}" `)],
          {
            encoding: 'utf8',
          },
        );
        expect(result.status, result.stderr).toBe(0);
        const parsed = JSON.parse(result.stdout);
        return parsed.runs ?? [parsed];
      });
      expect(cliRuns).toHaveLength(pageRuns.length);
      cliRuns.forEach((cli: Record<string, unknown>, i: number) => {
        const mine = pageRuns[i]!;
        for (const key of ['status', 'iterations', 'optimizer', 'message'])
          expect(mine[key], `${query} run ${i + 1} ${key}`).toEqual(cli[key]);
        // Chromium's and Node's V8 may round Math.pow (Adam's bias corrections) in the last bit.
        for (const key of ['point', 'value', 'gradientNorm'])
          closeTo(mine[key], cli[key], `${query} run ${i + 1} ${key}`);
      });
    }
    await open('?mode=direction');
    await page.getByTestId('copy-command').click();
    const command = (await page.getByTestId('share-output').textContent()) ?? '';
    expect(command).toMatch(/^downhill analyze .* --directions --lr 0\.5 --json$/);
    const cli = JSON.parse(
      spawnSync('bash', ['-c', command.replace(/^downhill /, `"${process.execPath}" "${cliPath}" `)], {
        encoding: 'utf8',
      }).stdout,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-json').click(),
    ]);
    const shown = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(shown.directions).toHaveLength(24);
    for (const [i, d] of (shown.directions as unknown[]).entries())
      closeTo(d, cli.directions[i], `direction ${i}`);
    expect(cli.steepest.angle).toBe(180);
  });

  it('"copy as code" gives a TypeScript snippet that names the same runs', async () => {
    await open('?mode=2d&opt=gd,adam&lr=0.01,0.1&iter=100');
    await page.getByTestId('copy-code').click();
    const code = (await page.getByTestId('share-output').textContent()) ?? '';
    expect(code).toContain("import { compare, compileExpression, createMethod } from 'downhill';");
    expect(code).toContain('createMethod("gd", { learningRate: 0.01 })');
    expect(code).toContain('createMethod("adam", { learningRate: 0.1 })');
    expect(code).toContain('maxIterations: 100');
    // Run as it stands, with 'downhill' pointing at this checkout: the statuses are the page's.
    const dir = files;
    const file = join(dir, 'race.ts');
    writeFileSync(
      file,
      code.replace("from 'downhill'", `from ${JSON.stringify(join(repo, 'src/index.ts'))}`),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', cwd: repo });
    expect(run.status, run.stderr).toBe(0);
    const statuses = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[2]);
    const shown = ((await page.getByTestId('status').textContent()) ?? '')
      .split(' · ')
      .map((part) => part.split(': ')[1]);
    expect(statuses).toEqual(shown);
    expect(pageErrors).toEqual([]);
  });
});
