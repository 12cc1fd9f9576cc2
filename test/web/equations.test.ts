// The equations and narrated-step panels in Chromium: their printed numbers are the library's, run here for the same settings.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileExpression,
  createMethod,
  fit,
  lineCost,
  lineSums,
  narrateSteps,
  type OptimizerName,
  parseCsvText,
  substituteNumbers,
} from '../../src/index.js';
import { plainNumber, texNumber } from '../../web/src/panels/tex.js';
import { type Playground, repo, startPlayground } from './harness.js';

let playground: Playground;
let base: string;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  playground = await startPlayground();
  ({ base, page, errors: pageErrors } = playground);
}, 180_000);

afterAll(async () => {
  await playground?.close();
});

async function open(query: string): Promise<void> {
  await page.goto(`${base}${query}`);
  const status = page.getByTestId('status');
  await expect
    .poll(async () => status.getAttribute('data-state'), { timeout: 30_000 })
    .toMatch(/^(done|error|waiting)$/);
  expect(await status.getAttribute('data-state')).toBe('done');
}

/**
 * The TeX KaTeX set inside an element (its MathML annotations): the digits as printed. An element set
 * piece by piece (one formula a line, or a flow of formulas) gives its pieces one a line.
 */
async function tex(testid: string): Promise<string> {
  return (await page.getByTestId(testid).first().locator('annotation').allTextContents()).join('\n');
}

/** The TeX of a narrated sub-step's numbers line. */
async function texOf(quantity: string): Promise<string> {
  const node = page.locator(
    `[data-testid="narration-steps"] [data-quantity="${quantity}"] [data-testid="eq-${quantity}"] annotation`,
  );
  return (await node.allTextContents()).join('\n');
}

// Seed 001's picture, the fit mode's default points.
const points: [number, number][] = [
  [0.5, 1.9],
  [1, 3.2],
  [1.5, 3.6],
  [2, 5.1],
  [2.5, 5.8],
  [3, 7.2],
  [3.5, 7.9],
  [4, 9.1],
];

describe('the fit mode’s equations panel', () => {
  it('works out E, ∂E/∂m and ∂E/∂c with the data’s sums, equal to the library’s after the same epochs', async () => {
    await open('?mode=fit');
    await page.getByTestId('reset-button').click();
    await expect.poll(() => tex('eq-dm')).toMatch(/\n= -17\.225$/);
    // Seed 001's start, slope 1 and intercept 0: ∂E/∂m = −(2/8)(119.9 − 51 − 0) = −17.225, ∂E/∂c = −(2/8)(43.8 − 18) = −6.45.
    expect(await tex('eq-dc')).toMatch(/\n= -6\.45$/);
    expect(await tex('eq-sums')).toBe(
      'N = 8\n\\textstyle\\sum x_i = 18\n\\textstyle\\sum y_i = 43.8\n\\textstyle\\sum x_i y_i = 119.9\n\\textstyle\\sum x_i^2 = 51',
    );
    for (let k = 0; k < 3; k++) await page.getByTestId('step-button').click();

    const csv = `x,y\n${points.map(([x, y]) => `${x},${y}`).join('\n')}\n`;
    const params: Float64Array[] = [];
    fit(parseCsvText(csv, {}, 'points'), {
      model: 'linear',
      optimizer: 'gd',
      optimizerOptions: { learningRate: 0.05 },
      epochs: 200,
      tol: 1e-8,
      onEpoch: (info) => params.push(Float64Array.from(info.params)),
    });
    const [m, c] = params[2]!;
    const e = lineCost(
      lineSums(
        points.map((p) => p[0]),
        points.map((p) => p[1]),
      ),
      m!,
      c!,
    );
    await expect.poll(() => tex('eq-dm')).toContain(`\n= ${texNumber(e.dm)}`);
    expect(await tex('eq-dc')).toContain(`\n= ${texNumber(e.dc)}`);
    expect(await tex('eq-cost')).toContain(`= ${texNumber(e.cost)}`);
    expect(await tex('eq-step')).toContain(
      `\nc \\leftarrow ${texNumber(c!)} - ${texNumber(0.05 * e.dc, 6, true)} = ${texNumber(c! - 0.05 * e.dc)}`,
    );
    // The next epoch's intercept is that "new c": gd's step is learning rate × derivative.
    expect(texNumber(params[3]![1]!)).toBe(texNumber(c! - 0.05 * e.dc));
    // The sentence above the formulas gives m and c with the same digits, as plain text.
    expect(await page.locator('[data-testid="equations-panel"] > p.hint').first().textContent()).toBe(
      `Epoch 3: the line y = m·x + c with m = ${plainNumber(m!)} and c = ${plainNumber(c!)}.`,
    );
  });

  it('writes a number for a sentence with the digits texNumber sets, its exponent raised and its minus a minus sign', () => {
    const table: [number, string, string][] = [
      [2.5, '2.5', '2.5'],
      [-0.125, '−0.125', '-0.125'],
      [-1.5e-7, '−1.5×10⁻⁷', '{-1.5\\times 10^{-7}}'],
      [6.02214076e23, '6.02214×10²³', '{6.02214\\times 10^{23}}'],
      [0, '0', '0'],
      [Number.NaN, 'not a number', '\\text{not a number}'],
      [-Infinity, '−∞', '-\\infty'],
    ];
    for (const [value, plain, tex] of table) {
      expect(plainNumber(value), String(value)).toBe(plain);
      expect(texNumber(value), String(value)).toBe(tex);
    }
  });
});

const cases: {
  mode: '1d' | '2d';
  f: string;
  start: string;
  from: number[];
  runs: [OptimizerName, number][];
}[] = [
  {
    mode: '2d',
    f: 'x^2 + 10*y^2',
    start: 'x=1,y=1',
    from: [1, 1],
    runs: [
      ['adam', 0.1],
      ['momentum', 0.01],
    ],
  },
  {
    mode: '1d',
    f: 'x^2 - 4*x + 1',
    start: 'x=9',
    from: [9],
    runs: [
      ['momentum', 0.01],
      ['adam', 0.3],
    ],
  },
];

describe('the narrated step', () => {
  it.each(cases)(
    '$mode: adam’s and momentum’s sub-steps equal narrateSteps after the same steps',
    async (c) => {
      const opt = c.runs.map((r) => r[0]).join(',');
      const lr = c.runs.map((r) => r[1]).join(',');
      await open(`?mode=${c.mode}&f=${encodeURIComponent(c.f)}&start=${c.start}&opt=${opt}&lr=${lr}&iter=50`);
      await page.getByTestId('reset-button').click();
      await expect
        .poll(() => page.getByTestId('narration-lead').innerText())
        .toContain('Before the first step');
      const f = compileExpression(c.f);
      for (const [i, [name, rate]] of c.runs.entries()) {
        await page.getByTestId('narrate-run').selectOption(String(i));
        await page.getByTestId('reset-button').click();
        for (let k = 0; k < 3; k++) await page.getByTestId('narrate-step').click();
        const steps = narrateSteps(
          createMethod(name, { learningRate: rate }),
          f,
          Float64Array.from(c.from),
          3,
        );
        const third = steps[2]!;
        await expect
          .poll(() => page.getByTestId('narration-panel').locator('h2').innerText())
          .toContain('Step 3 of');
        const state =
          name === 'adam' ? ['m', 'v', 'mHat', 'vHat', 'd', 'step', 'theta'] : ['b', 'step', 'theta'];
        for (const quantity of state) {
          const q = third.quantities.find((x) => x.quantity === quantity)!;
          const printed = await texOf(quantity);
          expect(printed, `${name} ${quantity}`).not.toContain('[[');
          for (let j = 0; j < c.from.length; j++) {
            expect(printed, `${name} ${quantity}[${j}]`).toContain(substituteNumbers(third, q, j, 6)!);
          }
        }
        const now = await tex('eq-now');
        expect(now).toContain(`\\eta = ${texNumber(rate)}`);
        expect(now).toContain(`L(\\theta_{2}) = ${texNumber(third.value)}`);
      }
      // Arrows: −∇L, the buffer's way and the step.
      const last = c.runs.at(-1)![0];
      expect(await page.locator('.arrows text').allTextContents()).toEqual([
        '−∇L',
        last === 'adam' ? '−m' : '−b',
        'Δθ',
      ]);
    },
  );

  it('has no serious or critical axe-core violations in the panels, and no uncaught errors', async () => {
    const axe = readFileSync(join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const [query, selector] of [
      ['?mode=fit', '#equations'],
      ['?mode=2d', '#narration'],
      ['?mode=1d', '#narration'],
    ] as const) {
      await open(query);
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(
        `axe.run(${JSON.stringify(selector)}, { resultTypes: ["violations"] }).then((r) => r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + ": " + v.nodes[0].target.join(" ")))`,
      );
      expect(violations, query).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });
});
