// `downhill plot EXPR`: a picture of a function alone — its curve and derivative, its contours or its surface.

import { contourFigure, curveFigure, type Figure, InputError, parseDomain, surfaceFigure } from '../index.js';
import { prettyFormula, type Range } from '../internal.js';
import { parseFlags, stringFlag } from './args.js';
import { compileArgument } from './caret.js';
import type { Command } from './command.js';
import { cliFlags, type Flag, flagHelp, flagSpec } from './flags.js';
import { writeFigure } from './plot-file.js';
import { plotFormat, readSizeFlag } from './plot-format.js';

const flagList: readonly Flag[] = [cliFlags.output, cliFlags.domain, cliFlags.plotSurface, cliFlags.size];

export const plotCommand: Command = {
  name: 'plot',
  flagList,
  flags: flagSpec(flagList),
  summary: 'draw a function: its curve and derivative, its contours or its 3-D surface (SVG, PNG, GIF)',
  help: `Usage: downhill plot EXPR --output FILE [FLAGS]

Draws EXPR alone. One variable: the curve f and its derivative f′ on the same axes. Two variables:
filled contours (log-spaced levels when the range is wide) with a colour bar, or a shaded 3-D
surface with --surface. The format follows the ending of FILE: .svg, .png or .gif.
To draw descent paths, use --plot FILE with minimize or compare.

Flags:
${flagHelp(flagList)}

Examples:
  downhill plot "x^2 - 4*x + 1" --output parabola.svg
  downhill plot "(1-x)^2 + 100*(y-x^2)^2" --domain x=-2:2,y=-1:3 -o rosenbrock.png
  downhill plot "x^2 + 10*y^2" --surface --size 1200x900 -o bowl.png
`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, plotCommand.flags, { names: ['EXPR'] });
    const output = stringFlag(values, 'output');
    if (output === undefined) throw new InputError('--output FILE is required (a .svg, .png or .gif file)');
    plotFormat(output, '--output');
    const size = readSizeFlag(values);
    const f = compileArgument(positionals[0]!);
    const variables = f.variables;
    if (variables.length < 1 || variables.length > 2) {
      throw new InputError(`plot draws functions of 1 or 2 variables; "${f.source}" has ${variables.length}`);
    }
    const domainText = stringFlag(values, 'domain');
    const domain: Range[] =
      domainText === undefined
        ? variables.map(() => [-5, 5] as const)
        : parseDomain(domainText, variables, '--domain');
    if (values.surface && variables.length !== 2)
      throw new InputError('--surface needs a function of 2 variables');
    const title = `f(${variables.join(', ')}) = ${prettyFormula(f.source)}`;
    const shared = { title, ...(size !== undefined && { size }) };
    let figure: Figure;
    if (variables.length === 1) {
      const point = new Float64Array(1);
      const gradient = new Float64Array(1);
      figure = curveFigure({
        f: (x) => {
          point[0] = x;
          return f.value(point);
        },
        derivative: (x) => {
          point[0] = x;
          f.valueAndGradient(point, gradient);
          return gradient[0]!;
        },
        domain: domain[0]!,
        variable: variables[0]!,
        ...shared,
      });
    } else {
      const options = {
        f: (p: Float64Array) => f.value(p),
        domain: [domain[0]!, domain[1]!] as const,
        variables: [variables[0]!, variables[1]!] as const,
        ...shared,
      };
      figure = values.surface ? surfaceFigure(options) : contourFigure(options);
    }
    return writeFigure(output, figure, '--output');
  },
};
