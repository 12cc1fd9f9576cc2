// `downhill analyze EXPR`: derivatives, convexity, curvature, learning-rate advice and minima on a domain.

import {
  type Analysis,
  analyze,
  type Directions,
  type DirectionVerdict,
  directions,
  directionVerdict,
  formatNumber,
  InputError,
  parseDomain,
  parsePoint,
} from '../index.js';
import { parseFlags, stringFlag } from './args.js';
import { compileArgument } from './caret.js';
import type { Command } from './command.js';
import { cliFlags, type Flag, flagHelp, flagSpec, readSettings } from './flags.js';
import { columns, toJson } from './output.js';

/** analyze's `--lr`: the step of its direction sweep. */
const directionStep = {
  setting: 'learningRate',
  summary: 'the step size for --directions',
  default: 0.1,
} as const;
const flagList: readonly Flag[] = [
  cliFlags.domain,
  cliFlags.at,
  cliFlags.directions,
  directionStep,
  cliFlags.json,
];
const flags = flagSpec(flagList);

export const analyzeCommand: Command = {
  name: 'analyze',
  flagList,
  flags,
  summary: 'derivatives, convexity, curvature, a stable learning rate and the minima of a function',
  help: `Usage: downhill analyze EXPR [FLAGS]

Works out what gradient descent will meet on EXPR over a box: the gradient and Hessian as formulas;
whether the function is convex there (proven, refuted at a point where the Hessian has a negative
eigenvalue, or unknown); the largest and smallest curvature (Hessian eigenvalue) found; the learning
rates gradient descent tolerates — stable below 2/L and fastest near 1/L for the largest curvature L;
and the local minima inside the box.

Flags:
${flagHelp(flagList)}

Examples:
  downhill analyze "x^2 - 4*x + 1"
  downhill analyze "(1-x)^2 + 100*(y-x^2)^2" --domain x=-2:2,y=-1:3 --json
  downhill analyze "(x^2+y-11)^2 + (x+y^2-7)^2" --at x=0,y=0
  downhill analyze "x^4 - 3*x^2" --domain x=-0.5:0.5
  downhill analyze "x^2 + 10*y^2" --at x=1,y=1 --directions --lr 0.1
`,
  run(argv) {
    const { values, positionals } = parseFlags(argv, flags, { names: ['EXPR'] });
    const f = compileArgument(positionals[0]!);
    const domainText = stringFlag(values, 'domain');
    const atText = stringFlag(values, 'at');
    const at = atText === undefined ? undefined : parsePoint(atText, f.variables, '--at');
    const { learningRate: lr } = readSettings(values, ['learningRate']) as { learningRate?: number };
    if (values.directions && at === undefined)
      throw new InputError('--directions needs --at, the point to turn around');
    if (lr !== undefined && !values.directions) throw new InputError('--lr applies only with --directions');
    if (values.directions && f.variables.length === 0)
      throw new InputError('--directions: the expression has no variables to move');
    const analysis = analyze(f, {
      ...(domainText !== undefined && { domain: parseDomain(domainText, f.variables, '--domain') }),
      ...(at !== undefined && { at }),
    });
    const gap = analysis.at?.differentiability;
    if (
      values.directions &&
      gap !== undefined &&
      !Object.values(analysis.at!.gradient).every(Number.isFinite)
    )
      throw new InputError(`--directions: ${gap.reason}, and the directions need a finite gradient there`);
    const turned =
      values.directions && at !== undefined
        ? directions(f, at, { learningRate: lr ?? directionStep.default })
        : undefined;
    // The step size judged against f itself, so a suggested one holds beyond quadratics.
    const verdict =
      turned === undefined || at === undefined ? undefined : directionVerdict(turned, { f, at });
    const report = turned === undefined ? analysis : { ...analysis, ...turned, stepVerdict: verdict };
    process.stdout.write(
      values.json
        ? `${toJson(report)}\n`
        : analysisText(f.source, analysis) +
            (turned && verdict ? directionsText(turned, verdict, gap !== undefined) : ''),
    );
  },
};

const num = (v: number | null): string => (v === null ? 'none' : formatNumber(v, 6));

function pointText(point: Readonly<Record<string, number>>): string {
  return Object.entries(point)
    .map(([name, v]) => `${name} = ${num(v)}`)
    .join(', ');
}

/** A point inside a sentence: parenthesized when it has several coordinates, so its commas stay its own. */
function pointInText(point: Readonly<Record<string, number>>): string {
  return Object.keys(point).length > 1 ? `(${pointText(point)})` : pointText(point);
}

/** The domain's issues in words; many poles (tan on a wide box) by their count, outermost two and spacing. */
function domainText(issues: Analysis['domainIssues']): string {
  const poles = issues.filter((issue) => issue.kind === 'pole' && issue.where !== undefined);
  if (poles.length <= 4) return issues.map((issue) => issue.reason).join('; ');
  const name = Object.keys(poles[0]!.where!)[0]!;
  const at = poles.map((pole) => pole.where![name]![0]).sort((p, q) => p - q);
  const gaps = at.slice(1).map((v, k) => v - at[k]!);
  const even = gaps.every((gap) => Math.abs(gap - gaps[0]!) <= 1e-6 * gaps[0]!);
  const text = `f has ${poles.length} poles from ${name} = ${num(at[0]!)} to ${name} = ${num(at.at(-1)!)}${
    even ? `, one every ${num(gaps[0]!)}` : ''
  }`;
  return [text, ...issues.filter((issue) => !poles.includes(issue)).map((issue) => issue.reason)].join('; ');
}

/** The summary a person reads, section by section. */
function analysisText(source: string, a: Analysis): string {
  const n = a.variables.length;
  const lines: string[] = [];
  const box = a.variables.map((v) => `${v} ∈ [${num(a.domain[v]![0])}, ${num(a.domain[v]![1])}]`).join(', ');
  lines.push(`f = ${source}${n > 0 ? `    on ${box}` : ''}`, '');
  if (a.domainIssues.length > 0) {
    const placed = a.domainIssues.some((issue) => issue.where !== undefined);
    lines.push(
      `domain         ${domainText(a.domainIssues)}; the rest is analyzed${
        placed ? ' (curvature leaves out 1% of the width next to each of these)' : ''
      }`,
      '',
    );
  }

  if (a.nondifferentiable.length > 0) {
    lines.push(
      ...a.nondifferentiable.map((d, k) => `${k === 0 ? 'not smooth    ' : '              '} ${d.reason}`),
      `               (curvature leaves out 1% of the width around ${a.nondifferentiable.length === 1 ? 'this point' : 'each'}${n > 1 ? '; with several variables each is one example of where its argument is 0' : ''})`,
      '',
    );
  }

  lines.push('derivatives');
  const shown = (text: string | null | undefined): string => text ?? '(too large to show)';
  for (const v of a.variables) lines.push(`  ∂f/∂${v} = ${shown(a.derivatives.gradient[v])}`);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const name = i === j ? `∂²f/∂${a.variables[i]}²` : `∂²f/∂${a.variables[i]}∂${a.variables[j]}`;
      lines.push(`  ${name} = ${shown(a.derivatives.hessian[i]![j])}`);
    }
  }
  lines.push('', `convexity      ${a.convexity.verdict}: ${a.convexity.reason}`);

  const { max, min, unbounded } = a.curvature;
  const where = (at: Record<string, number> | null): string =>
    a.curvature.exact || at === null ? '' : ` at ${pointInText(at)}`;
  // A null extreme with a point is unbounded there: a point of unbounded curvature, or a pole.
  const extreme = (value: number | null, at: Record<string, number> | null): string =>
    value === null && at !== null ? `unbounded near ${pointInText(at)}` : `${num(value)}${where(at)}`;
  lines.push(
    `curvature      largest ${extreme(max, a.curvature.maxAt)}, smallest ${extreme(min, a.curvature.minAt)}${
      a.curvature.exact
        ? ' (the Hessian is the same everywhere)'
        : ' (the extremes found by sampling the domain)'
    }`,
    ...unbounded.map((u) => `               ${u.reason}`),
  );
  const { stableBelow, fastest, reason, awayFromUnbounded: away } = a.learningRate;
  // A reason beside a stable rate qualifies it (a kink at the minimum, no minimum at all): a reader sees both.
  lines.push(
    `learning rate  ${
      reason ??
      (stableBelow !== null && fastest !== null
        ? `gradient descent is stable for lr below ${num(stableBelow)} and fastest near ${num(fastest)}`
        : 'none found')
    }`,
  );
  // The rates away from where the curvature is unbounded: a point of f's, or a pole.
  if (away !== undefined) {
    lines.push(
      `               away from it (outside 1% of the width) lr below ${num(away.stableBelow)} is stable, fastest near ${num(away.fastest)}`,
    );
  }
  // A line search or a decaying rate gets near a minimum past steep curvature; with only poles and no
  // minimum (tan on its whole box) there is nothing for them to reach.
  if (unbounded.some((u) => u.side === 'above' && (u.pole !== true || a.minima.length > 0))) {
    lines.push('               with minimize: --line-search armijo or --schedule exp:0.99');
  }

  lines.push('', a.minima.length === 0 ? 'minima         none inside the domain' : 'minima');
  for (const m of a.minima) {
    const valley = m.isolated === false ? '    (one point of a valley of minima)' : '';
    const kink = m.differentiable === false ? '    (f is not differentiable here)' : '';
    lines.push(`  ${n > 0 ? `${pointText(m.point)}    ` : ''}f = ${num(m.value)}${valley}${kink}`);
  }

  if (a.at !== undefined) {
    const at = a.at;
    lines.push('', `at ${pointText(at.point)}`);
    lines.push(`  value        ${num(at.value)}`);
    lines.push(`  gradient     ${pointText(at.gradient)}`);
    if (at.differentiability !== undefined) lines.push(`  not smooth   ${at.differentiability.reason}`);
    lines.push(`  Hessian      ${at.hessian.map((row) => `[${row.map(num).join(', ')}]`).join(' ')}`);
    for (const issue of at.hessianIssues ?? []) {
      const entry = issue.row === issue.column ? `∂²f/∂${issue.row}²` : `∂²f/∂${issue.row}∂${issue.column}`;
      lines.push(`               ${entry} is ${issue.value}: ${issue.reason}`);
    }
    lines.push(`  eigenvalues  ${at.eigenvalues.map(num).join(', ')}`);
    const unbounded = (at.hessianIssues ?? []).some((issue) => issue.value !== 'not a number');
    lines.push(
      `  stable lr    ${
        at.stableBelow !== null
          ? `below ${num(at.stableBelow)} for the curvature here`
          : unbounded
            ? 'none: the curvature is unbounded here'
            : at.hessianIssues !== undefined
              ? 'unknown: the Hessian is not a number here'
              : 'no limit from the curvature here'
      }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The step size judged: how far the first-order estimate is off against the gradient, and a step at which it holds. */
function verdictText(d: Directions, v: DirectionVerdict, kink: boolean): string {
  const eta = formatNumber(d.stepSize, 10);
  if (v.status === 'stationary')
    // At a kink f moves by the step's first power (|η| for abs(x) at 0), which the kink note below says.
    return kink
      ? 'the gradient the rules pick is 0 here: every first-order change is 0'
      : 'the gradient is 0 here: every first-order change is 0, and f moves only by its curvature';
  if (v.relativeError === null || !Number.isFinite(v.relativeError))
    return `at step ${eta} against the gradient f is not a number (the step leaves f's domain)${
      v.suggestedStepSize !== null && v.suggestedStepSize > 0
        ? `; a step of ${formatNumber(v.suggestedStepSize, 10)} keeps f defined`
        : ''
    }`;
  const off = `${formatNumber(v.relativeError * 100, 3)}%`;
  if (v.status === 'accurate')
    return `at step ${eta} the first-order estimate against the gradient is within 10% of the actual change (${off} off)`;
  return `at step ${eta} the first-order estimate against the gradient is ${off} off${
    v.overshoots ? ', and f rises even against the gradient: the step overshoots' : ''
  }; a step of ${formatNumber(v.suggestedStepSize!, 10)} keeps it within 10% (checked against f)`;
}

/**
 * The directions table: β, the first-order change and the actual one, with the steepest marked (and
 * the largest actual decrease, where some direction decreases f at all).
 */
function directionsText(d: Directions, verdict: DirectionVerdict, kink: boolean): string {
  const rows = d.directions.map((r) => [
    `${r.angle}°`,
    formatNumber(r.firstOrder, 6),
    formatNumber(r.actual, 6),
    r.angle === d.steepest.angle
      ? 'steepest first-order descent'
      : r === d.bestActual && r.actual < 0
        ? 'largest actual decrease'
        : '',
  ]);
  const lines = [
    '',
    `directions     a step of ${formatNumber(d.stepSize, 10)} along u at angle β from the gradient (‖∇f‖ = ${formatNumber(d.gradientNorm, 6)})`,
    ...columns([['β', 'first order η‖∇f‖cos β', 'actual f(θ+ηu) − f(θ)', ''], ...rows]).map((l) =>
      `  ${l}`.trimEnd(),
    ),
    `               ${verdictText(d, verdict, kink)}`,
    ...(kink
      ? [
          '               f is not differentiable here (see "not smooth" above): the first-order column uses the slope the rules pick, and no linear estimate holds at a kink',
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
