// "Copy as command" in every mode that has one, run in the CLI: the same final parameters and values as the page's JSON export.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from '../cli/run-cli.js';
import { tempFolder } from '../cli/temp-folder.js';
import { download, type Playground, repo, settled, startPlayground } from './harness.js';

/** The files the tests write, removed once they have run. */
const files = tempFolder('web');

let pg: Playground;

beforeAll(async () => {
  pg = await startPlayground();
});

afterAll(async () => {
  await pg?.close();
});

const separator = '\u001e';

/**
 * Runs the copied text as a user pastes it into bash, in an empty folder, with `downhill` being this
 * checkout's CLI; returns each downhill call's parsed JSON.
 */
function runPasted(text: string): Record<string, unknown>[] {
  const dir = mkdtempSync(join(files, 'paste-'));
  const script = `downhill() { "${process.execPath}" "${cliPath}" "$@"; local s=$?; printf '${separator}'; return $s; }\nset -e\n${text}\n`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: dir });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout
    .split(separator)
    .filter((part) => part.trim() !== '')
    .map((part) => JSON.parse(part) as Record<string, unknown>);
}

/** Numbers, or records and arrays of numbers, equal to 1e-12 relative (Chromium's and Node's Math.pow may differ in the last bit). */
function closeTo(a: unknown, b: unknown, what: string): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(
      1e-12 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15,
    );
    return;
  }
  expect(typeof a, what).toBe(typeof b);
  expect(Object.keys(a as object), what).toEqual(Object.keys(b as object));
  for (const key of Object.keys(a as object))
    closeTo((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${what}.${key}`);
}

async function copied(query: string, testid = 'copy-command'): Promise<string> {
  await pg.page.goto(`${pg.base}${query}`);
  expect(await settled(pg.page)).not.toMatch(/waiting|could not/);
  await pg.page.getByTestId(testid).click();
  return (await pg.page.getByTestId('share-output').textContent()) ?? '';
}

const exported = async (): Promise<Record<string, unknown>> =>
  JSON.parse((await download(pg.page, 'export-json')).toString('utf8'));

describe('"copy as command" in the CLI gives the page’s result', () => {
  it('1d and 2d races: each run’s status, iterations, point and value', async () => {
    for (const query of [
      '?mode=1d',
      '?mode=1d&f=x%5E4%20-%203*x%5E2&opt=gd,momentum&lr=0.01,0.02&hp=2.momentum:0.5&start=x=0.1&iter=80',
      '?mode=2d',
      '?mode=2d&f=x%5E2%20%2B%2020*y%5E2&opt=gd,adam,rmsprop&lr=0.04,0.1,0.01&hp=1.clipNorm:5&start=x=-4,y=2&iter=300',
    ]) {
      const command = await copied(query);
      expect(command, query).toMatch(/^downhill (compare|minimize) /);
      const pageRuns = (await exported()).runs as Record<string, unknown>[];
      const cliRuns = runPasted(command).flatMap((r) => (r.runs as Record<string, unknown>[]) ?? [r]);
      expect(cliRuns, query).toHaveLength(pageRuns.length);
      cliRuns.forEach((cli, i) => {
        const mine = pageRuns[i]!;
        for (const key of ['status', 'iterations', 'optimizer', 'message'])
          expect(mine[key], `${query} run ${i + 1} ${key}`).toEqual(cli[key]);
        for (const key of ['point', 'value', 'gradientNorm'])
          closeTo(mine[key], cli[key], `${query} run ${i + 1} ${key}`);
      });
    }
  });

  it('fit — linear on points the page wrote, polynomial and formula: the data travel in the command', async () => {
    for (const query of [
      '?mode=fit&pts=0:1.2,1:2.9,2:5.2,3:6.8,4:9.1,5:10.7&epochs=150',
      '?mode=fit&model=poly:2&opt=adam&lr=0.05&epochs=300',
      '?mode=fit&model=formula&formula=a*x%5Eb&params=a=1,b=0.5&opt=gd&lr=0.01&epochs=200',
      '?mode=fit&model=formula&formula=a*exp(-b*x)%20%2B%20c&params=a=2,b=0.5&opt=lm&pts=0:3.1,0.5:2.4,1:1.9,1.5:1.6,2:1.45,3:1.2,4:1.1',
    ]) {
      const command = await copied(query);
      expect(command, query).toMatch(/^cat > data\.csv <<'CSV'\n/);
      expect(command, query).toMatch(/\ndownhill fit data\.csv .*--json$/);
      const mine = (await exported()).result as Record<string, unknown>;
      const [cli] = runPasted(command);
      for (const key of ['status', 'model', 'epochs', 'message'])
        expect(mine[key], `${query} ${key}`).toEqual(cli![key]);
      closeTo(mine.parameters, cli!.parameters, `${query} parameters`);
      closeTo(mine.loss, cli!.loss, `${query} loss`);
    }
  });

  it('"copy as code" of a formula fit runs with the library and prints the page’s parameters', async () => {
    const code = await copied(
      '?mode=fit&model=formula&formula=a*x%5Eb&params=a=1,b=0.5&opt=adam&lr=0.05&epochs=120',
      'copy-code',
    );
    expect(code).toContain("import { fit, parseAssignments, parseCsvText } from 'downhill';");
    expect(code).toContain('formula: "a*x^b"');
    const mine = (await exported()).result as Record<string, unknown>;
    const dir = files;
    const file = join(dir, 'fit.ts');
    writeFileSync(
      file,
      code.replace("from 'downhill'", `from ${JSON.stringify(join(repo, 'src/index.ts'))}`),
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', cwd: repo });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(printed.status).toBe(mine.status);
    closeTo(printed.parameters, mine.parameters, 'parameters');
    closeTo(printed.loss, mine.loss, 'loss');
  });

  it('direction: the 24 directions of `downhill analyze --directions` at the page’s point and η', async () => {
    const command = await copied('?mode=direction&f=x%5E2%20%2B%203*y%5E2&at=x=1,y=-0.5&lr=0.3&angle=90');
    expect(command).toMatch(/^downhill analyze .* --directions --lr 0\.3 --json$/);
    const [cli] = runPasted(command);
    const shown = await exported();
    expect(shown.directions).toHaveLength(24);
    closeTo(shown.directions, cli!.directions, 'directions');
    closeTo(shown.steepest, cli!.steepest, 'steepest');
    expect((cli!.steepest as { angle: number }).angle).toBe(180);
    expect(pg.errors).toEqual([]);
  });
});
