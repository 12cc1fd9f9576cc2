// The guided tours in Debian's Chromium: walked by button and by keyboard, opened by link, each step's page checked against its words.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, repo, sideways, startPlayground } from './harness.js';

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

const f002 = 'x^2 - 4*x + 1';

/** What each step's page must be, written from the source texts, not read from the tour's data. */
interface Expected {
  mode: string;
  f?: string;
  rates?: number[];
  /** Words the step must say. */
  says?: RegExp[];
}
const L000 = 'x^2 + 3*y^2';
const expected: Record<string, Expected[]> = {
  '000': [
    { mode: 'fit', rates: [0.05], says: [/Data/, /Model/, /Parameters/, /Learning algorithm/, /Loss/] },
    { mode: 'direction', f: L000, rates: [0.1], says: [/Taylor/, /∇L\(θ\) = \(3, 6\)/] },
    { mode: 'direction', f: L000, rates: [0.1], says: [/cos β/, /90°/] },
    { mode: 'direction', f: L000, rates: [0.1], says: [/180°/, /−0\.6708/] },
    { mode: '2d', f: L000, rates: [0.1], says: [/converged/] },
    { mode: 'direction', f: L000, rates: [0.5], says: [/yours/] },
  ],
  '001': [
    { mode: 'fit', rates: [0.05], says: [/slope 1 and intercept 0/] },
    { mode: 'fit', rates: [0.05], says: [/9\.61/, /11\.84/] },
    { mode: 'fit', rates: [0.05], says: [/∂E\/∂c/, /−6\.45/] },
    { mode: 'fit', rates: [0.05], says: [/∂E\/∂m/, /−17\.23/] },
    { mode: 'fit', rates: [0.05], says: [/0\.3225/, /1\.861/] },
    { mode: 'fit', rates: [0.05], says: [/converged/] },
    { mode: 'fit', rates: [0.05], says: [/figure 3/] },
    { mode: 'fit', rates: [0.05], says: [/yours/] },
  ],
  '002': [
    { mode: '1d', f: f002, rates: [0.01], says: [/θ|x ← /, /8\.86/] },
    { mode: '1d', f: f002, rates: [0.01], says: [/max-iterations/] },
    { mode: '1d', f: f002, rates: [0.9], says: [/zig-zag|other side/, /converged/] },
    { mode: '1d', f: f002, rates: [1], says: [/9 → −5 → 9 → −5/, /oscillating/] },
    { mode: '1d', f: f002, rates: [1.01], says: [/diverged/] },
    { mode: '1d', f: f002, rates: [0.01, 0.5, 0.9, 1, 1.01], says: [/1 − 2α/] },
    { mode: '1d', f: f002, rates: [0.5], says: [/second derivative/, /convex/] },
    { mode: '1d', f: f002, rates: [0.01], says: [/chord/] },
    { mode: '1d', f: 'x^4 - 3*x^2', rates: [0.02], says: [/not-convex/, /dips below/] },
    { mode: 'nn', rates: [0.01], says: [/vanished/, /sigmoid/] },
    { mode: 'nn', rates: [0.0001], says: [/exploded/, /each layer whose gradient passes 1,?000/] },
    { mode: '1d', f: f002, rates: [0.01, 0.9, 1, 1.01], says: [/yours/] },
  ],
};

/** Waits until the card says its step has set the page up and the mode has run. */
async function ready(): Promise<void> {
  await expect
    .poll(async () => page.getByTestId('tour').getAttribute('data-ready'), { timeout: 30_000 })
    .toBe('true');
}

const stepOf = async (): Promise<{ tour: string | null; step: string | null }> => {
  const search = new URL(page.url()).searchParams;
  return { tour: search.get('tour'), step: search.get('step') };
};

/** The page's rates, read from its controls, and the URL's. */
async function rates(): Promise<{ controls: number[]; url: number[] }> {
  const controls = await page
    .locator('[data-control="lr"] input.number')
    .evaluateAll((inputs) => inputs.map((i) => Number((i as unknown as { value: string }).value)));
  const lr = new URL(page.url()).searchParams.get('lr');
  return { controls, url: lr === null ? [] : lr.split(',').map(Number) };
}

/**
 * Opens every step of every tour by its link at each viewport in turn and runs `check` on it, named for its
 * messages; the page goes back to 1280×900 after, pass or fail.
 */
async function atEveryStep(
  viewports: readonly (readonly [number, number])[],
  check: (what: string) => Promise<void>,
): Promise<void> {
  try {
    for (const [width, height] of viewports) {
      await page.setViewportSize({ width, height });
      for (const tour of Object.keys(expected)) {
        for (let k = 1; k <= expected[tour]!.length; k++) {
          await page.goto(`${base}?tour=${tour}&step=${k}`);
          await ready();
          await check(`${tour} step ${k} at ${width}×${height}`);
        }
      }
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

/** Checks the step on screen against the table: URL, mode switch, function, rates, words. */
async function checkStep(tour: string, k: number): Promise<string> {
  const want = expected[tour]![k - 1]!;
  expect(await stepOf(), `${tour} step ${k}`).toEqual({ tour, step: String(k) });
  const text = (await page.getByTestId('tour-text').textContent()) ?? '';
  expect(text.trim().length, `${tour} step ${k} text`).toBeGreaterThan(40);
  expect(await page.getByTestId(`mode-${want.mode}`).getAttribute('aria-pressed')).toBe('true');
  expect(new URL(page.url()).searchParams.get('mode')).toBe(want.mode);
  if (want.f !== undefined) {
    expect(await page.getByTestId('expr-input').inputValue()).toBe(want.f);
    expect(new URL(page.url()).searchParams.get('f')).toBe(want.f);
  }
  if (want.rates !== undefined)
    expect(await rates(), `${tour} step ${k} rates`).toEqual({ controls: want.rates, url: want.rates });
  for (const words of want.says ?? []) expect(text, `${tour} step ${k}`).toMatch(words);
  expect(await page.getByTestId('tour-link').getAttribute('href')).toBe(`?tour=${tour}&step=${k}`);
  return text;
}

describe('the guided tours', () => {
  it('walks every tour to its end by the Next button, each step set up as it says', async () => {
    for (const tour of Object.keys(expected)) {
      await page.goto(base);
      await page.getByTestId(`tour-${tour}`).click();
      const count = expected[tour]!.length;
      for (let k = 1; k <= count; k++) {
        await ready();
        await checkStep(tour, k);
        expect(await page.getByTestId('tour-next').textContent()).toBe(
          k === count ? 'Finish the tour' : 'Next →',
        );
        await page.getByTestId('tour-next').click();
      }
      // Finished: the card is gone, the page is live and its link no longer names the tour.
      expect(await page.getByTestId('tour').count()).toBe(0);
      expect(await stepOf()).toEqual({ tour: null, step: null });
      expect(await page.getByTestId('run-button').isEnabled()).toBe(true);
    }
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('walks every tour by keyboard: n and → forward, p and ← back, Escape leaves, focus visible', async () => {
    for (const tour of Object.keys(expected)) {
      await page.goto(base);
      await page.getByTestId(`tour-${tour}`).focus();
      await page.keyboard.press('Enter');
      const count = expected[tour]!.length;
      for (let k = 1; k < count; k++) {
        await ready();
        await expect.poll(async () => (await stepOf()).step).toBe(String(k));
        await page.keyboard.press(k % 2 === 0 ? 'n' : 'ArrowRight');
      }
      await ready();
      await checkStep(tour, count);
      await page.keyboard.press('ArrowLeft');
      await ready();
      await expect.poll(async () => (await stepOf()).step).toBe(String(count - 1));
      await page.keyboard.press('p');
      await ready();
      await expect.poll(async () => (await stepOf()).step).toBe(String(count - 2));
      // Tab reaches the Next button with a visible outline; Enter on it moves on.
      let focused = '';
      for (let i = 0; i < 30 && focused !== 'tour-next'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate('document.activeElement?.getAttribute("data-testid") ?? ""');
      }
      expect(focused).toBe('tour-next');
      expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
      await page.keyboard.press('Enter');
      await ready();
      await expect.poll(async () => (await stepOf()).step).toBe(String(count - 1));
      // Keys typed into a field belong to the field, not the tour.
      const field = page.locator('.controls input[type="text"]').first();
      await field.press('ArrowLeft');
      await field.press('n');
      await expect.poll(async () => (await stepOf()).step).toBe(String(count - 1));
      await page.keyboard.press('Escape');
      expect(await page.getByTestId('tour').count()).toBe(0);
      expect(await stepOf()).toEqual({ tour: null, step: null });
    }
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('opens a step from its link, and every step has a link of its own', async () => {
    for (const tour of Object.keys(expected)) {
      for (let k = 1; k <= expected[tour]!.length; k++) {
        await page.goto(`${base}?tour=${tour}&step=${k}`);
        await ready();
        await checkStep(tour, k);
        expect(await page.locator('.tour-steps a[aria-current="step"]').textContent()).toBe(String(k));
        expect(await page.getByTestId('url-note').isVisible()).toBe(false);
      }
    }
    // The step links move in the page.
    await page.locator('.tour-steps a[data-step="2"]').click();
    await ready();
    expect((await stepOf()).step).toBe('2');
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('calls lr 1.0 on x² − 4x + 1 oscillating, never divergent, in its words and on the page', async () => {
    await page.goto(`${base}?tour=002&step=4`);
    await ready();
    const text = (await page.getByTestId('tour-text').textContent()) ?? '';
    expect(text).toContain('oscillating');
    expect(text).not.toMatch(/\bdiverged\b|\bdiverges\b/);
    expect(text).toMatch(/9 → −5 → 9 → −5 → 9 → −5/);
    expect(await page.getByTestId('status').textContent()).toBe('gd lr 1: oscillating');
    const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
    expect(verdict).toContain('oscillating');
    expect(verdict).not.toContain('diverged');
    // The value the text gives is the page's own.
    const legend = (await page.locator('.legend').textContent()) ?? '';
    expect(legend).toContain('f = 46');
    expect(text).toContain('= 46');
    // The step after it is the divergence, at 1.01.
    await page.getByTestId('tour-next').click();
    await ready();
    expect(await page.getByTestId('status').textContent()).toBe('gd lr 1.01: diverged');
    // And the why-table measures 1 − 2α on each run's first step.
    await page.getByTestId('tour-next').click();
    await ready();
    const rows = await page
      .locator('.tour-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['0.01', '0.98', '0.98', 'max-iterations'],
      ['0.5', '0', '0', 'converged'],
      ['0.9', '−0.8', '−0.8', 'converged'],
      ['1', '−1', '−1', 'oscillating'],
      ['1.01', '−1.02', '−1.02', 'diverged'],
    ]);
  });

  it('draws the chord above the convex curve and below the hump of x⁴ − 3x²', async () => {
    await page.goto(`${base}?tour=002&step=8`);
    await ready();
    expect(await page.getByTestId('plot-overlay').locator('line').count()).toBe(1);
    expect(await page.getByTestId('tour-text').textContent()).toContain('below the chord’s 23');
    await page.getByTestId('tour-next').click();
    await ready();
    expect(await page.getByTestId('tour-text').textContent()).toContain('the chord dips below the curve');
    expect(await page.getByTestId('plot-overlay').locator('line').count()).toBe(1);
    // Leaving the tour takes the marks away.
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('plot-overlay').locator('line').count()).toBe(0);
  });

  it('works ∂E/∂m and ∂E/∂c out with the same numbers as the page’s fit', async () => {
    await page.goto(`${base}?tour=001&step=4`);
    await ready();
    const partials = (await page.getByTestId('partials').textContent()) ?? '';
    expect(partials).toContain('epoch 0');
    expect(partials).toContain('−17.23');
    expect(partials).toContain('−6.45');
    await page.getByTestId('tour-next').click();
    await ready();
    // After one step the page's line is the one the text computed.
    const after = (await page.getByTestId('partials').textContent()) ?? '';
    expect(after).toContain('m = 1.861, c = 0.3225');
    expect(await page.getByTestId('tour-text').textContent()).toContain('y = 1.861·x + 0.3225');
  });

  it('ignores a bad tour or step with a visible note', async () => {
    await page.goto(`${base}?tour=007`);
    const notes = page.getByTestId('url-note');
    await expect.poll(() => notes.textContent()).toContain('Ignored tour="007"');
    expect(await page.getByTestId('tour').count()).toBe(0);
    expect(await page.getByTestId('mode-1d').getAttribute('aria-pressed')).toBe('true');

    await page.goto(`${base}?tour=002&step=99`);
    await ready();
    expect(await notes.textContent()).toContain('Ignored step=99');
    expect(await stepOf()).toEqual({ tour: '002', step: '1' });

    await page.goto(`${base}?tour=002&step=two`);
    await ready();
    expect(await notes.textContent()).toContain('step="two"');
    expect((await stepOf()).step).toBe('1');

    await page.goto(`${base}?step=3`);
    await expect.poll(() => notes.textContent()).toContain('Ignored step=3');
    expect(await page.getByTestId('tour').count()).toBe(0);

    // A link with settings of its own: the step sets the page, and the note says what was not used.
    await page.goto(`${base}?tour=002&step=4&lr=0.3`);
    await ready();
    expect(await notes.textContent()).toContain('lr');
    expect((await rates()).controls).toEqual([1]);
    expect(pageErrors).toEqual([]);
  });

  it('has no serious or critical axe-core violations on any tour step, at 1280 and 375 px', async () => {
    const axe = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const check = async (what: string): Promise<void> => {
      await page.addScriptTag({ content: axe });
      const violations = (await page.evaluate(
        'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + ": " + v.nodes.length + " " + v.nodes[0].target.join(" ")))',
      )) as string[];
      expect(violations, what).toEqual([]);
    };
    for (const tour of Object.keys(expected)) {
      for (let k = 1; k <= expected[tour]!.length; k++) {
        await page.goto(`${base}?tour=${tour}&step=${k}`);
        await ready();
        await check(`${tour} step ${k}`);
      }
    }
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      for (const tour of Object.keys(expected)) {
        await page.goto(`${base}?tour=${tour}&step=1`);
        await ready();
        await check(`${tour} step 1 at 375 px`);
        expect(await sideways(page), `${tour} at 375 px`).toEqual([]);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('keeps the Next button in view on every step at 1280×900 and 375×800: the words scroll, not the card', async () => {
    await atEveryStep(
      [
        [1280, 900],
        [375, 800],
      ],
      async (what) => {
        // On screen and on top at its centre: neither below the fold nor clipped by the card's own scrolling.
        const seen = await page.getByTestId('tour-next').evaluate((button) => {
          const r = button.getBoundingClientRect();
          const hit = button.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          const bottom = button.ownerDocument.documentElement.clientHeight;
          return r.top >= 0 && r.bottom <= bottom && hit !== null && button.contains(hit);
        });
        expect(seen, what).toBe(true);
      },
    );
  }, 300_000);

  it('fits every step’s tables and sums in the card’s width at 360, 390, 1000 and 1280 px, and keeps the plots clear of the card at 1000', async () => {
    await atEveryStep(
      [
        [360, 740],
        [390, 844],
        [1000, 700],
        [1280, 900],
      ],
      async (what) => {
        // KaTeX's visible part and the tables: their right edges inside the words' box, which would otherwise cut
        // them off (tour 001 step 6's fourth column ran 17–40 px past it).
        const past = await page.locator('.tour-text').evaluate((text) => {
          const right = text.getBoundingClientRect().right;
          return [...text.querySelectorAll('.katex-html, table')]
            .map((e) => Math.round(e.getBoundingClientRect().right - right))
            .filter((over) => over > 0);
        });
        expect(past, what).toEqual([]);
      },
    );
    // Beside the card on a 1,000 px screen the plots take the page's width below the controls, not 170 px of it.
    try {
      await page.setViewportSize({ width: 1000, height: 700 });
      await page.goto(`${base}?tour=001&step=6`);
      await ready();
      const card = await page.locator('.tour').evaluate((e) => e.getBoundingClientRect().left);
      const plots = await page
        .locator('.right')
        .first()
        .evaluate((e) => e.getBoundingClientRect().toJSON());
      expect(plots.right).toBeLessThanOrEqual(card);
      expect(plots.width).toBeGreaterThan(500);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 300_000);

  it('gives a highlight’s label room of its own: tour 002 step 3’s “f and the run” covers no part of f and ∂f/∂x', async () => {
    try {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${base}?tour=002&step=3`);
        await ready();
        const boxes = await page
          .locator('.tour-highlight[data-tour-label="f and the run"]')
          .evaluate((named) => {
            const r = named.getBoundingClientRect();
            const after = named.ownerDocument.defaultView!.getComputedStyle(named, '::after');
            // The label's box, as the style places it: its bottom 1px above the element's top, 6px in from its right.
            const right = r.right - 6;
            const bottom = r.top - 1;
            const label = {
              left: right - Number.parseFloat(after.width),
              right,
              top: bottom - Number.parseFloat(after.height),
              bottom,
            };
            const f = named.ownerDocument.querySelector('[data-testid="formula"]')!.getBoundingClientRect();
            return { label, formula: { left: f.left, right: f.right, top: f.top, bottom: f.bottom } };
          });
        const { label, formula } = boxes;
        expect(label.bottom - label.top, `label height at ${width}`).toBeGreaterThan(10);
        const overlap =
          label.left < formula.right &&
          formula.left < label.right &&
          label.top < formula.bottom &&
          formula.top < label.bottom;
        expect(overlap, `at ${width}: ${JSON.stringify(boxes)}`).toBe(false);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('shows the step numbers whole or not at all: a phone, upright (375×800) or sideways (667×375), leaves them out', async () => {
    try {
      for (const [width, height, shown] of [
        [667, 375, false],
        [1280, 900, true],
        [820, 900, true],
        [375, 800, false],
      ] as const) {
        await page.setViewportSize({ width, height });
        await page.goto(`${base}?tour=002&step=3`);
        await ready();
        const links = await page.getByTestId('tour').evaluate((tour) => {
          const card = tour.getBoundingClientRect();
          return [...tour.querySelectorAll('.tour-steps a')].map((a) => {
            if (a.getClientRects().length === 0) return 'none';
            const r = a.getBoundingClientRect();
            const whole =
              r.top >= card.top && r.bottom <= card.bottom && r.left >= card.left && r.right <= card.right;
            return whole ? 'whole' : 'cut';
          });
        });
        expect(links, `${width}×${height}`).toEqual(Array(12).fill(shown ? 'whole' : 'none'));
        // Upright, the card takes at most two fifths of the screen: the plot it explains has the rest.
        if (width === 375) {
          const cardHeight = await page.getByTestId('tour').evaluate((t) => t.getBoundingClientRect().height);
          expect(cardHeight).toBeLessThanOrEqual(0.4 * height + 1);
          expect(cardHeight).toBeGreaterThan(0.2 * height);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('keeps tour 001’s error lines inside the plot and names the pink one above its dot, clear of the lines', async () => {
    await page.goto(`${base}?tour=001&step=2`);
    await ready();
    const overlay = page.getByTestId('plot-overlay').first();
    await expect.poll(() => overlay.locator('line').count()).toBe(8);
    const clipped = await overlay
      .locator('line')
      .evaluateAll((lines) => lines.map((l) => l.closest('[clip-path]')?.getAttribute('clip-path') ?? ''));
    expect(clipped.every((c) => /^url\(#clip-/.test(c))).toBe(true);
    const [label, top] = await overlay.evaluate((g) => {
      const text = [...g.querySelectorAll('text')].find((t) => t.textContent?.startsWith('error'))!;
      const pink = [...g.querySelectorAll('line')].find((l) => l.getAttribute('stroke') === '#CC79A7')!;
      const ys = [Number(pink.getAttribute('y1')), Number(pink.getAttribute('y2'))];
      return [text.getBBox().y + text.getBBox().height, Math.min(...ys)];
    });
    expect(label).toBeLessThan(top!);
  });

  it('leaves the plot to a step’s own marks: no step arrows over tour 002’s chords (steps 8 and 9)', async () => {
    for (const k of [8, 9]) {
      await page.goto(`${base}?tour=002&step=${k}`);
      await ready();
      await expect
        .poll(() => page.getByTestId('plot-overlay').first().locator('text').count())
        .toBeGreaterThan(1);
      expect(await page.locator('g.arrows text.arrow-label').count(), `step ${k}`).toBe(0);
    }
    // A step without marks of its own shows them again.
    await page.goto(`${base}?tour=002&step=2`);
    await ready();
    await expect.poll(() => page.locator('g.arrows text.arrow-label').count(), { timeout: 30_000 }).toBe(2);
  });

  it('keeps the arrows’ names clear of each other and of the other arrows near the 1-D minimum at 375 px', async () => {
    try {
      await page.setViewportSize({ width: 375, height: 800 });
      for (const k of [2, 3]) {
        await page.goto(`${base}?tour=002&step=${k}`);
        await ready();
        await expect
          .poll(() => page.locator('g.arrows text.arrow-label').count(), { timeout: 30_000 })
          .toBe(2);
        type Edges = { left: number; right: number; top: number; bottom: number };
        const clash = await page.locator('g.arrows').evaluate((g) => {
          const boxes = [...g.querySelectorAll('text')].map((t) => t.getBoundingClientRect());
          const lines = [...g.querySelectorAll('line')].map((l) => l.getBoundingClientRect());
          const meet = (a: Edges, b: Edges) =>
            a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          // Near the minimum a 1-D step's arrows lie almost level: a line's box is about the line.
          return boxes.flatMap((box, i) => [
            ...boxes
              .slice(i + 1)
              .filter((other) => meet(box, other))
              .map(() => `label ${i} meets a label`),
            ...lines.filter((line, j) => j !== i && meet(box, line)).map(() => `label ${i} meets a line`),
          ]);
        });
        expect(clash, `step ${k}`).toEqual([]);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("fits the narrated step's long formula lines in the column at 1280 and 375 px: Δθ's line wraps", async () => {
    try {
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${base}?tour=002&step=3`);
        await ready();
        const step = page.getByTestId('eq-step');
        await expect.poll(() => step.textContent(), { timeout: 30_000 }).toContain('−9.79105');
        expect(await sideways(page), `${width} px`).toEqual([]);
        // The line of numbers takes two lines at these widths (a break falls after = or ·, never inside a number).
        const heights = await step.evaluate((line) => {
          const tops = [...line.querySelectorAll('.katex-html .base')].map(
            (b) => b.getBoundingClientRect().top,
          );
          return new Set(tops.map(Math.round)).size;
        });
        expect(heights, `${width} px`).toBeGreaterThan(1);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 120_000);
});
