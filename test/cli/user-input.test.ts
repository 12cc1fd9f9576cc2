// The command line read as a new user types it: dash-led expressions, carets under bad syntax, "wrote FILE", other separators.

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExpression, InputError } from '../../src/index.js';
import { runCli } from './run-cli.js';
import { tempFolder } from './temp-folder.js';

const folder = tempFolder('user');

describe('an expression that begins with a minus sign', () => {
  it('is the expression, not an unknown flag: -x falls at 1 a step at lr 0.5', () => {
    for (const args of [
      ['minimize', '-x', '--lr', '0.5', '--max-iter', '4', '--json'],
      ['minimize', '--lr', '0.5', '--max-iter', '4', '-x', '--json'],
      ['minimize', '--lr', '0.5', '--max-iter', '4', '--json', '--', '-x'],
    ]) {
      const run = runCli(args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout);
      // f = −x, f′ = −1: each gd step adds 0.5, so after 4 steps x = 2 and f = −2.
      expect(result.point).toEqual({ x: 2 });
      expect(result.value).toBe(-2);
      expect(result.iterations).toBe(4);
    }
  });

  it('reads -x^2+1 and -sin(x) whole', () => {
    const parabola = JSON.parse(
      runCli(['minimize', '-x^2+1', '--start', 'x=1', '--lr', '0.25', '--max-iter', '1', '--json']).stdout,
    );
    // f′(1) = −2: x = 1 + 0.25·2 = 1.5, f = −2.25 + 1.
    expect(parabola.point.x).toBe(1.5);
    expect(parabola.value).toBe(-1.25);
    const sine = JSON.parse(runCli(['analyze', '-sin(x)', '--json']).stdout);
    expect(sine.derivatives.gradient.x).toMatch(/cos\(x\)/);
  });

  it('still refuses a flag the command does not have once its argument is given', () => {
    const run = runCli(['minimize', 'x^2', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('downhill: unknown flag -q (see --help)\n');
  });
});

describe('an expression with bad syntax', () => {
  const cases: [string, string, number][] = [
    ['x^^2', 'expected a value, found "^"', 3],
    ['sin(', 'unexpected end of expression', 5],
    ['x +* 1', 'expected a value, found "*"', 4],
    ['2 + foo(x)', 'unknown function "foo"', 5],
    ['2***x', 'expected a value, found "*"', 4],
  ];
  for (const command of ['minimize', 'analyze', 'compare', 'plot']) {
    it(`${command}: the message names the column and a caret stands under it`, () => {
      for (const [source, words, column] of cases) {
        const out = join(folder, `${command}.svg`);
        const run = runCli([command, source, ...(command === 'plot' ? ['-o', out] : [])]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          `downhill: expression: ${words} at column ${column}\n  ${source}\n  ${' '.repeat(column - 1)}^\n`,
        );
      }
      expect(readdirSync(folder).filter((f) => f.startsWith(command))).toEqual([]);
    });
  }

  it('a long expression shows the stretch around the column, the caret under it', () => {
    const source = `${'x + '.repeat(30)}sin(x) ** ** 2`;
    const run = runCli(['minimize', source]);
    expect(run.code).toBe(2);
    const [message, shown, caret] = run.stderr.split('\n');
    expect(message).toMatch(/^downhill: expression: expected a value, found "\*\*" at column 131$/);
    // The caret stands under the second "**", which the shown stretch holds.
    expect(shown!.length).toBeLessThan(70);
    expect(shown!.slice(caret!.length - 1, caret!.length + 1)).toBe('**');
    expect(shown!.slice(caret!.length - 4, caret!.length - 2)).toBe('**');
  });

  it('fit --formula: the caret under the formula, the column of a name it misuses', () => {
    const syntax = runCli(['fit', '@line', '--formula', 'm*x +* c']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toBe(
      'downhill: --formula: expected a value, found "*" at column 6\n  m*x +* c\n       ^\n',
    );
    const target = runCli(['fit', '@line', '--formula', 'm*y + c']);
    expect(target.code).toBe(2);
    expect(target.stderr).toBe(
      'downhill: --formula: "y" (column 3 of the formula) is the target column; a formula predicts it from the other columns\n  m*y + c\n    ^\n',
    );
  });
});

describe('every file a command writes is announced on stderr', () => {
  it('minimize and compare: wrote FILE for the trace and the picture; --json keeps stdout JSON', () => {
    const trace = join(folder, 'path.csv');
    const picture = join(folder, 'path.svg');
    const run = runCli([
      'minimize',
      'x^2',
      '--start',
      'x=1',
      '--lr',
      '0.5',
      '--trace',
      trace,
      '--plot',
      picture,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe('converged');
    expect(run.stderr).toBe(`wrote ${trace}\nwrote ${picture}\n`);
    const race = join(folder, 'race.gif');
    const compared = runCli(['compare', 'x^2', '--lr', '0.1,0.5', '--plot', race, '--json']);
    expect(JSON.parse(compared.stdout).runs).toHaveLength(2);
    expect(compared.stderr).toBe(`wrote ${race}\n`);
  });

  it('plot says it on stderr, its stdout empty', () => {
    const picture = join(folder, 'curve.png');
    const run = runCli(['plot', 'x^2', '-o', picture]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`wrote ${picture}\n`);
  });

  it('fit: the checkpoint once, at the end, and the picture', () => {
    const checkpoint = join(folder, 'run.ckpt');
    const picture = join(folder, 'fit.svg');
    const run = runCli([
      'fit',
      '@line',
      '--epochs',
      '20',
      '--checkpoint',
      checkpoint,
      '--plot',
      picture,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).epochs).toBe(20);
    expect(run.stderr).toBe(`wrote ${checkpoint}\nwrote ${picture}\n`);
  });

  it('a device is written to and not announced', () => {
    const run = runCli(['minimize', 'x^2', '--max-iter', '1', '--trace', '/dev/null']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const checkpoint = runCli(['fit', '@line', '--epochs', '2', '--checkpoint', '/dev/null']);
    expect(checkpoint.code).toBe(0);
    expect(checkpoint.stderr).toBe('');
  });
});

describe('a CSV file with another separator', () => {
  it('semicolons (a European spreadsheet) or tabs: says so with the line', () => {
    const semicolons = join(folder, 'prices.csv');
    writeFileSync(semicolons, 'area;rooms;price\n50,5;2;150\n80;3;240\n');
    const tabs = join(folder, 'prices.tsv');
    writeFileSync(tabs, 'area\tprice\n50\t150\n');
    for (const extra of [[], ['--target', 'price'], ['--memory', '512MB']]) {
      const run = runCli(['fit', semicolons, ...extra]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `downhill: ${semicolons} line 1: the file looks semicolon-separated; downhill reads comma-separated values (commas between fields, points in decimals), and this header "area;rooms;price" is one column\n`,
      );
    }
    const run = runCli(['fit', tabs]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /line 1: the file looks tab-separated; .* this header "area\\tprice" is one column\n$/,
    );
  });

  it('a file of one column and no other separator keeps its message', () => {
    const single = join(folder, 'single.csv');
    writeFileSync(single, 'y\n1\n2\n');
    const run = runCli(['fit', single]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `downhill: ${single} line 1: only one column; a dataset needs a feature and a target\n`,
    );
  });
});

describe('the library behind it', () => {
  it("compileExpression's InputError carries the column of bad syntax", () => {
    for (const [source, column] of [
      ['x^^2', 3],
      ['sin(', 5],
      ['x = 1', 3],
    ] as const) {
      let caught: unknown;
      try {
        compileExpression(source);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).column).toBe(column);
    }
  });
});

describe('an mlp too large or malformed', () => {
  it('names the size at fault and the limits, exit 2, no internal error', () => {
    const huge = runCli(['fit', '@xor', '--model', 'mlp:100000000']);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toBe(
      'downhill: --model: mlp needs hidden sizes as whole numbers from 1 to 1000000, e.g. mlp:16,16 (got 100000000)\n',
    );
    const zero = runCli(['fit', '@xor', '--model', 'mlp:8,0']);
    expect(zero.stderr).toMatch(/\(got 0\)\n$/);
    // (2 + 1)·10⁶ + (10⁶ + 1)·10⁶ + (10⁶ + 1)·1 parameters: past 2²⁷, where it was a RangeError (exit 1).
    const wide = runCli(['fit', '@xor', '--model', 'mlp:1000000,1000000', '--epochs', '1']);
    expect(wide.code).toBe(2);
    expect(wide.stderr).toBe(
      'downhill: --model: mlp:1000000,1000000 on 2 inputs has 1000005000001 parameters; at most 134217728 fit (each is kept several times over: params, gradient, optimizer state)\n',
    );
  });
});

describe('--resume with other columns', () => {
  it('says which columns the checkpoint reads, before reading the data', () => {
    const data = join(folder, 'three.csv');
    writeFileSync(data, 'a,b,y\n1,2,3\n2,3,5\n3,4,7.5\n4,1,6\n5,7,12\n');
    const checkpoint = join(folder, 'three.ckpt');
    const first = runCli(['fit', data, '--features', 'a', '--checkpoint', checkpoint, '--epochs', '3']);
    expect(first.code).toBe(0);
    const features = runCli(['fit', data, '--features', 'b', '--resume', checkpoint, '--epochs', '6']);
    expect(features.code).toBe(2);
    expect(features.stderr).toBe(
      'downhill: --features: the checkpoint was trained on a, not b (leave --features out to continue it)\n',
    );
    const target = runCli(['fit', data, '--target', 'b', '--resume', checkpoint, '--epochs', '6']);
    expect(target.stderr).toBe(
      'downhill: --target: the checkpoint was trained to predict "y", not "b" (leave --target out to continue it)\n',
    );
    // The same columns named again continue it: 6 epochs in all on feature a.
    const same = runCli(['fit', data, '--features', 'a', '--resume', checkpoint, '--epochs', '6', '--json']);
    expect(same.code).toBe(0);
    const report = JSON.parse(same.stdout);
    expect(report.epochs).toBe(6);
    expect(Object.keys(report.parameters)).toEqual(['intercept', 'a']);
  });
});

describe('a mistyped command', () => {
  it('a near name is suggested; a flag where the command goes is an unknown flag', () => {
    const typo = runCli(['minimise', 'x^2']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'downhill: unknown command "minimise" — did you mean minimize? (commands: minimize, compare, analyze, fit, plot, datasets, completion, story)\n',
    );
    // The nearest, not the first within two edits: plt is one from plot and two from fit, which comes first.
    expect(runCli(['plt', 'x^2']).stderr).toContain('did you mean plot?');
    const far = runCli(['train', 'x^2']);
    expect(far.stderr).toBe(
      'downhill: unknown command "train" (commands: minimize, compare, analyze, fit, plot, datasets, completion, story)\n',
    );
    // Case is no edit: FIT is fit, as ADAM is adam and Relu relu below.
    expect(runCli(['FIT', '@line']).stderr).toBe(
      'downhill: unknown command "FIT" — did you mean fit? (commands: minimize, compare, analyze, fit, plot, datasets, completion, story)\n',
    );
    const flag = runCli(['--versio']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('downhill: unknown flag --versio (see downhill --help)\n');
  });
});

describe('completion without a shell', () => {
  it('names the shells it completes', () => {
    const run = runCli(['completion']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('downhill: missing SHELL: bash, zsh or fish (see --help)\n');
  });
});

describe('a wrong choice is named as the choice', () => {
  const runNames =
    'gd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamax, nadam, amsgrad, adamw, newton, lbfgs';

  it('minimize and compare: an unknown optimizer is told the nearest name and the ones they take, lm not among them', () => {
    for (const args of [
      ['minimize', 'x^2', '--optimizer', 'adma'],
      ['compare', 'x^2', '--optimizer', 'gd,adma'],
    ]) {
      const run = runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `downhill: --optimizer: unknown optimizer "adma" — did you mean adam? (known: ${runNames})\n`,
      );
    }
    expect(runCli(['minimize', 'x^2', '--optimizer', 'ADAM']).stderr).toBe(
      `downhill: --optimizer: unknown optimizer "ADAM" — did you mean adam? (known: ${runNames})\n`,
    );
    // Three edits from every name: no guess.
    expect(runCli(['compare', 'x^2', '--optimizer', 'zzzz']).stderr).toBe(
      `downhill: --optimizer: unknown optimizer "zzzz" (known: ${runNames})\n`,
    );
  });

  it('fit: a choice in the wrong case is told the catalog’s spelling', () => {
    const run = runCli(['fit', '@line', '--model', 'mlp:3', '--activation', 'Relu']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'downhill: --activation: unknown activation "Relu" — did you mean relu? (known: relu, tanh, sigmoid)\n',
    );
    expect(runCli(['fit', '@line', '--loss', 'MSE']).stderr).toBe(
      'downhill: --loss: unknown loss "MSE" — did you mean mse? (known: mse, mae, huber, bce, ce)\n',
    );
  });

  it('minimize and compare: lm is sent to fit, which takes it', () => {
    for (const command of ['minimize', 'compare']) {
      const run = runCli([command, 'x^2', '--optimizer', 'lm']);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `downhill: --optimizer: lm fits a model's sums of squares to data — use it with downhill fit; this command takes ${runNames}\n`,
      );
    }
  });

  it('a column a built-in set lacks is said of the flag that named it', () => {
    const cases: [string[], string][] = [
      [
        ['--target', 'z'],
        '--target z: @line is generated to predict "y" alone (its columns are x, y); leave --target out',
      ],
      [
        ['--target', 'x'],
        '--target x: @line is generated to predict "y" alone (its columns are x, y); leave --target out',
      ],
      [['--features', 'x,q'], '--features x,q: @line has no column "q" (its columns are x, y)'],
    ];
    for (const [flags, message] of cases) {
      const run = runCli(['fit', '@line', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`downhill: ${message}\n`);
    }
    const iris = runCli(['fit', '@iris', '--target', 'colour']);
    expect(iris.code).toBe(2);
    expect(iris.stderr).toBe(
      'downhill: --target colour: @iris has no column "colour" (its columns are sepal_length, sepal_width, petal_length, petal_width, species)\n',
    );
  });

  it('a column of words made a feature by default names --features and the numeric columns that leave it out', () => {
    const run = runCli(['fit', '@iris', '--target', 'sepal_length']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'downhill: @iris line 2, column 5 "species": "setosa" is not a number — "species" is a feature because --features is not given (every column but the target is one); --features sepal_width,petal_length,petal_width leaves it out\n',
    );
    // Following the advice fits: sepal length from the other three measurements.
    const fitted = runCli([
      'fit',
      '@iris',
      '--target',
      'sepal_length',
      '--features',
      'sepal_width,petal_length,petal_width',
      '--json',
    ]);
    expect(fitted.code).toBe(0);
    expect(Object.keys(JSON.parse(fitted.stdout).parameters)).toEqual([
      'intercept',
      'sepal_width',
      'petal_length',
      'petal_width',
    ]);
  });

  it('a checkpoint of a classifier resumed on a numeric built-in target names --resume', () => {
    const checkpoint = join(folder, 'classes.ckpt');
    const labels = join(folder, 'xy-labels.csv');
    writeFileSync(labels, 'x,y\n0,a\n1,b\n2,a\n3,b\n');
    const trained = runCli([
      'fit',
      labels,
      '--model',
      'logistic',
      '--epochs',
      '2',
      '--checkpoint',
      checkpoint,
    ]);
    expect(trained.code).toBe(0);
    const run = runCli(['fit', '@line', '--resume', checkpoint, '--epochs', '4']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `downhill: --resume: the checkpoint's logistic model classifies "y" from x, but @line's target "y" holds numbers, not class labels; resume it on the data it was trained on\n`,
    );
  });

  it('fit @line --model logistic names --model, which asked for classes of a numeric target', () => {
    const model = runCli(['fit', '@line', '--model', 'logistic']);
    expect(model.code).toBe(2);
    expect(model.stderr).toBe(
      `downhill: --model logistic: @line's target "y" holds numbers, not class labels — logistic and softmax classify; fit numbers with linear, poly, formula or mlp\n`,
    );
    const loss = runCli(['fit', '@line', '--model', 'mlp:4', '--loss', 'ce']);
    expect(loss.code).toBe(2);
    expect(loss.stderr).toMatch(
      /^downhill: --loss ce: @line's target "y" holds numbers, not class labels — /,
    );
    // A classifier on a labelled set trains as before.
    const iris = runCli(['fit', '@iris', '--model', 'softmax', '--epochs', '5', '--json']);
    expect(iris.code).toBe(0);
    expect(JSON.parse(iris.stdout).classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });
});

describe('a list with a hole in it', () => {
  it('compare --lr 0.1,,0.2 names the empty item, not an empty number', () => {
    const run = runCli(['compare', 'x^2', '--lr', '0.1,,0.2']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('downhill: --lr: empty item in "0.1,,0.2"\n');
  });
});
