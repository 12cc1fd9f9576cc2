// The playground's fields and explanations: links with bad values, settings that are off, ticks, the direction verdict, formula fits.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, type Playground, settled, startPlayground } from './harness.js';

let pg: Playground;

beforeAll(async () => {
  pg = await startPlayground();
});

afterAll(async () => {
  await pg?.close();
});

const statusWords = /converged|max-iterations|diverged|oscillating|stalled/;
const open = async (query: string): Promise<string> => {
  await pg.page.goto(`${pg.base}${query}`);
  return settled(pg.page);
};
const value = (testid: string): Promise<string> => pg.page.getByTestId(testid).inputValue();
const text = async (testid: string): Promise<string> =>
  (await pg.page.getByTestId(testid).textContent()) ?? '';

describe('a link with values that cannot be used', () => {
  it('plays slower than a step a frame, so each bounce of lr 1.0 can be followed; a speed not offered is ignored', async () => {
    await open('?mode=1d&opt=gd&lr=1&iter=200&speed=0.1');
    expect(await value('speed')).toBe('0.1');
    // Frames counted in the page from the click that plays to the click that pauses, so that a loaded machine's
    // slower frames slow both alike.
    await pg.page.evaluate(`window.__frames = 0;
      const count = () => { if (window.__counting) { window.__frames++; requestAnimationFrame(count); } };
      document.querySelector('[data-testid="play-button"]').addEventListener('click', () => {
        window.__counting = !window.__counting;
        if (window.__counting) requestAnimationFrame(count);
      });`);
    await pg.page.getByTestId('play-button').click();
    await expect
      .poll(async () => Number(await value('scrub')), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(3);
    await pg.page.getByTestId('play-button').click();
    const frames = Number(await pg.page.evaluate('window.__frames'));
    // 0.1× is a step every ten frames: not the step a frame of 1×.
    const shown = Number(await value('scrub'));
    expect(shown).toBeGreaterThanOrEqual(Math.floor(frames / 10) - 1);
    expect(shown).toBeLessThanOrEqual(Math.ceil(frames / 10) + 1);
    expect(new URL(pg.page.url()).searchParams.get('speed')).toBe('0.1');
    await open('?mode=1d&speed=3');
    expect(await text('url-note')).toContain('Ignored speed="3": expected one of 0.1, 0.25, 0.5, 1, 2');
  });

  it('1d: a malformed function is ignored with a note, and every field keeps a value that runs', async () => {
    expect(await open('?mode=1d&f=x%5E%5E2')).toMatch(statusWords);
    const note = await text('url-note');
    expect(note).toContain('Ignored f="x^^2"');
    expect(note).toMatch(/column 3/);
    expect(await value('expr-input')).toBe('x^2 - 4*x + 1');
    expect(await value('start-input')).toBe('x=9');
    expect(await value('domain-input')).toBe('x=-6:10');
    expect(new URL(pg.page.url()).searchParams.get('f')).toBe('x^2 - 4*x + 1');
  });

  it('2d: a typed function with no start or window shows the start and window it uses', async () => {
    expect(await open('?mode=2d&f=x%5E2%20%2B%202*y%5E2')).toMatch(statusWords);
    expect(await value('start-input')).toBe('x=-1.2,y=1');
    // The window worked out around the start: at least ±5 either way (windowAround).
    expect(await value('domain-input')).toBe('x=-5:5,y=-5:5');
    expect(await pg.page.getByTestId('url-note').isVisible()).toBe(false);
  });

  it('2d: a start of the wrong shape and a malformed window are ignored, each with a note', async () => {
    expect(await open('?mode=2d&start=q=1&domain=x=3:1,y=0:1')).toMatch(statusWords);
    const note = await text('url-note');
    expect(note).toContain('Ignored start="q=1"');
    expect(note).toContain('Ignored domain="x=3:1,y=0:1"');
    expect(await value('start-input')).toBe('x=-1.2,y=1');
    expect(await value('domain-input')).toBe('x=-2:2,y=-1:3');
  });

  it('2d: a start that leaves a variable out runs from 0 there, and the note says so', async () => {
    expect(await open('?mode=2d&start=x=1')).toMatch(statusWords);
    expect(await text('url-note')).toContain('start="x=1" gives no y: the run starts y at 0.');
    expect(await value('start-input')).toBe('x=1');
    expect(await open('?mode=2d&start=x=1,y=2')).toMatch(statusWords);
    expect(await pg.page.getByTestId('url-note').isVisible()).toBe(false);
  });

  it('direction: a malformed function and a point of other names are ignored', async () => {
    expect(await open('?mode=direction&f=x%2B%2B&at=q=1')).toMatch(/β = 180°/);
    const note = await text('url-note');
    expect(note).toContain('Ignored f="x++"');
    expect(note).toContain('Ignored at="q=1"');
    expect(await value('expr-input')).toBe('x^2 + 3*y^2');
    expect(await value('start-input')).toBe('x=1.5,y=1');
  });
});

describe('settings and plots', () => {
  it('clip value and clip norm are off until given: empty, saying "off", and out of the link', async () => {
    await open('?mode=2d&opt=gd&lr=0.01&iter=50');
    const more = pg.page.locator('details.more-settings').first();
    expect(await more.getAttribute('open')).toBeNull();
    await more.locator('summary').click();
    const clip = pg.page.locator('[data-setting=clipNorm]').first();
    expect(await clip.inputValue()).toBe('');
    expect(await clip.getAttribute('placeholder')).toBe('off');
    expect(await pg.page.locator('[data-setting=clipValue]').first().inputValue()).toBe('');
    expect(new URL(pg.page.url()).searchParams.get('hp')).toBeNull();
    await clip.fill('5');
    await clip.press('Enter');
    await clip.blur();
    await expect.poll(() => new URL(pg.page.url()).searchParams.get('hp')).toBe('1.clipNorm:5');
    await clip.fill('');
    await clip.blur();
    await expect.poll(() => new URL(pg.page.url()).searchParams.get('hp')).toBeNull();
    // The learning rate's log slider comes from the library's catalog (scale: 'log').
    expect(await pg.page.locator('.log-slider').first().getAttribute('aria-label')).toMatch(
      /learning rate of run 1 \(log scale\)/,
    );
  });

  it('the 1d derivative panel has at least three y ticks', async () => {
    await open('?mode=1d');
    const ticks = pg.page.locator('[data-testid=plot] svg').nth(1).locator('text.tick[text-anchor=end]');
    expect(await ticks.count()).toBeGreaterThanOrEqual(3);
  });
});

describe('the direction verdict', () => {
  // L = x² + 3y² at θ = (1.5, 1): ∇L = (3, 6), ‖∇L‖ = √45; along −∇L the actual change is
  // −η‖∇L‖ + ½η²·uᵀHu with uᵀHu = 2·0.2 + 6·0.8 = 5.2, so the estimate is off by 2.6η/√45.
  const off = (eta: number): number => (2.6 * eta) / Math.sqrt(45);

  it('says how far the first-order estimate is off at this η and suggests one where it holds', async () => {
    await open('?mode=direction&lr=0.5&angle=180');
    const verdict = await text('verdict');
    expect(verdict).toContain('β = 180°');
    expect(verdict).toContain(`${(off(0.5) * 100).toPrecision(3)}% off`);
    expect(verdict).toContain('approximate');
    // η·0.1/off rounded down to two digits: 0.258… → 0.25.
    expect(verdict).toContain('η = 0.25 the estimate holds within 10%');
    await pg.page.getByTestId('apply-suggestion').click();
    await expect.poll(() => value('lr-input')).toBe('0.25');
    const after = await text('verdict');
    expect(after).toContain('accurate');
    expect(after).toContain(`within ${(off(0.25) * 100).toPrecision(2)}%`);
  });

  it('says when η is too large, and when the step goes uphill even against the gradient', async () => {
    await open('?mode=direction&lr=2&angle=180');
    expect(await text('verdict')).toContain('too large for the first-order estimate');
    expect(await text('verdict')).toContain('too-large');
    // η = 3: −3√45 + ½·9·5.2 = 3.28 > 0.
    await open('?mode=direction&lr=3&angle=180');
    expect(await text('verdict')).toContain('L goes up even against the gradient');
  });
});

describe('fit mode: formula models', () => {
  it('fits a typed formula from its starts, draws E over its two parameters and shows ∂E by the data', async () => {
    const status = await open(
      '?mode=fit&model=formula&formula=a*x%5Eb&params=a=1,b=0.5&opt=gd&lr=0.01&epochs=200',
    );
    expect(status).toMatch(/gd lr 0\.01 on formula: max-iterations/);
    expect(await value('formula-input')).toBe('a*x^b');
    expect(await value('params-input')).toBe('a=1,b=0.5');
    expect(await pg.page.getByText('Cost E(a, b) with the path of (a, b)').isVisible()).toBe(true);
    const json = JSON.parse((await download(pg.page, 'export-json')).toString('utf8'));
    const { a, b } = json.result.parameters as { a: number; b: number };
    // ∂E/∂a = −(2/n)·Σ xᵢᵇ(yᵢ − a·xᵢᵇ), worked from the seed's points here, against the page's readout.
    const xs = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
    const ys = [1.9, 3.2, 3.6, 5.1, 5.8, 7.2, 7.9, 9.1];
    const dA = (-2 / xs.length) * xs.reduce((s, x, i) => s + x ** b * (ys[i]! - a * x ** b), 0);
    const readout = await text('partials');
    const shown = Number(/∂E\/∂a = (\S+?);/.exec(readout)![1]!.replace('−', '-'));
    expect(Math.abs(shown - dA)).toBeLessThanOrEqual(Math.abs(dA) * 1e-3);
  });

  it('explains a malformed formula, a formula without the column and a start for no parameter beside their fields', async () => {
    await open('?mode=fit&model=formula');
    const formula = pg.page.getByTestId('formula-input');
    await formula.fill('a*x^^b');
    await expect.poll(() => text('formula-error')).toMatch(/column 5/);
    await formula.fill('a*t + b');
    await expect.poll(() => text('formula-error')).toMatch(/uses no column of the data.*"x"/);
    await formula.fill('a*x + b');
    await expect.poll(() => pg.page.getByTestId('formula-error').isVisible()).toBe(false);
    const params = pg.page.getByTestId('params-input');
    await params.fill('a=2,q=1');
    await params.blur();
    await expect
      .poll(() => text('params-error'))
      .toMatch(/"q" is not a parameter of the formula \(its parameters: a, b\)/);
    await params.fill('a=2,b=');
    await params.blur();
    await expect.poll(() => text('params-error')).toMatch(/params/);
    await params.fill('a=2');
    await params.blur();
    expect(await settled(pg.page)).toMatch(statusWords);
  });

  it('says why there is no cost surface for a model of other than two parameters', async () => {
    await open('?mode=fit&model=poly:2');
    expect(await text('surface-note')).toContain('it has 3 parameters');
    await open('?mode=fit&model=formula&formula=a*x%5E2%20%2B%20b*x%20%2B%20c&params=&opt=adam&lr=0.1');
    expect(await text('surface-note')).toContain('it has 3 parameters');
    expect(pg.errors).toEqual([]);
  });
});

describe('hover anywhere on a plot for the value and gradient there', () => {
  /** Moves the pointer to a fraction of a plot's box and returns the visible readout. */
  const hover = async (selector: string, fx = 0.5, fy = 0.5, nth = 0): Promise<string> => {
    await pg.page.locator(selector).nth(nth).scrollIntoViewIfNeeded();
    const box = (await pg.page.locator(selector).nth(nth).boundingBox())!;
    await pg.page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    const tip = pg.page.locator('.plot-tip:visible');
    await expect.poll(() => tip.count()).toBe(1);
    return (await tip.textContent()) ?? '';
  };
  const numbers = (text: string): number[] =>
    Array.from(text.replaceAll('−', '-').matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g), (m) => Number(m[0]));
  const near = (a: number, b: number): void =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(2e-3 * Math.max(1, Math.abs(b)));

  it('2d contours and the 3-D surface: f and ∇f of x² + 3y² at the point under the pointer', async () => {
    await open('?mode=2d&f=x%5E2%20%2B%203*y%5E2&opt=gd&lr=0.1&start=x=2,y=1&iter=50');
    const [x, y, f, gx, gy] = numbers(await hover('[data-testid=plot] svg', 0.62, 0.4));
    near(f!, x! ** 2 + 3 * y! ** 2);
    near(gx!, 2 * x!);
    near(gy!, 6 * y!);
    await pg.page.getByTestId('surface-button').click();
    const canvas = pg.page.getByTestId('surface');
    await expect.poll(() => canvas.isVisible(), { timeout: 20_000 }).toBe(true);
    const [sx, sy, sf, sgx, sgy] = numbers(await hover('[data-testid=surface]', 0.5, 0.55));
    near(sf!, sx! ** 2 + 3 * sy! ** 2);
    near(sgx!, 2 * sx!);
    near(sgy!, 6 * sy!);
  });

  it('1d: f and f′ on the curve and on the derivative panel', async () => {
    await open('?mode=1d');
    for (const nth of [0, 1]) {
      const [x, f, df] = numbers(await hover('[data-testid=plot] svg', 0.3, 0.5, nth));
      near(f!, x! ** 2 - 4 * x! + 1);
      near(df!, 2 * x! - 4);
    }
  });

  it('fit: the fitted line on the data, E and ∂E on the cost surface, the loss and ∇E on the loss curve', async () => {
    await open('?mode=fit&epochs=100');
    const data = await hover('[data-testid=plot] svg', 0.5, 0.5);
    expect(data).toMatch(/fit ŷ = .*slope dŷ\/dx ≈/);
    const json = JSON.parse((await download(pg.page, 'export-json')).toString('utf8'));
    const m = json.result.parameters.x as number;
    // The line's slope is m.
    near(numbers(data.split('slope')[1]!)[0]!, m);
    const lossText = await hover('svg[aria-label="loss by epoch"]', 0.5, 0.5);
    expect(lossText).toMatch(/^epoch \d+: loss = \S+\nat epoch \d+: ∂E\/∂c = \S+, ∂E\/∂m = \S+; ‖∇E‖ = \S+$/);
    const surface = await hover('svg[aria-label^="the cost E"]', 0.5, 0.5);
    const [mm, cc, e] = numbers(surface);
    const xs = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
    const ys = [1.9, 3.2, 3.6, 5.1, 5.8, 7.2, 7.9, 9.1];
    near(e!, xs.reduce((s, x, i) => s + (ys[i]! - (mm! * x + cc!)) ** 2, 0) / xs.length);
  });

  it('direction: the contour readout and the β sweep', async () => {
    await open('?mode=direction&lr=0.5');
    const [x, y, l] = numbers(await hover('[data-testid=plot] svg', 0.3, 0.3));
    near(l!, x! ** 2 + 3 * y! ** 2);
    const sweep = await hover('svg[aria-label^="first-order and actual"]', 0.5, 0.5);
    const [beta, first] = numbers(sweep);
    // η‖∇L‖cos β with ‖∇L‖ = √45 at (1.5, 1).
    near(first!, 0.5 * Math.sqrt(45) * Math.cos((beta! * Math.PI) / 180));
    expect(pg.errors).toEqual([]);
  });
});

describe('exports and what loads when', () => {
  it('fit (a formula) and direction export a PNG, a GIF and JSON; the GIF encoder and the 3-D surface load only when asked for', async () => {
    const scripts: string[] = [];
    pg.page.on('request', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.url().replace(/.*\/assets\//, ''));
    });
    await open('?mode=fit&model=formula&epochs=60');
    const png = await download(pg.page, 'export-png');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(scripts.some((s) => s.startsWith('export-gif'))).toBe(false);
    expect(scripts.some((s) => s.startsWith('surface3d'))).toBe(false);
    const gif = await download(pg.page, 'export-gif');
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(scripts.some((s) => s.startsWith('export-gif'))).toBe(true);
    const json = JSON.parse((await download(pg.page, 'export-json')).toString('utf8'));
    expect(json.mode).toBe('fit');
    expect(Object.keys(json.result.parameters)).toEqual(['a', 'b']);
    await pg.page.getByTestId('surface-button').click();
    await expect.poll(() => scripts.some((s) => s.startsWith('surface3d'))).toBe(true);

    await open('?mode=direction&angle=200');
    expect((await download(pg.page, 'export-png')).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect((await download(pg.page, 'export-gif')).subarray(0, 6).toString('latin1')).toBe('GIF89a');
    const direction = JSON.parse((await download(pg.page, 'export-json')).toString('utf8'));
    expect(direction.angle).toBe(200);
    expect(direction.steepest.angle).toBe(180);
  });
});
