// `downhill datasets`: the built-in datasets `fit` takes as @NAME, as a table or JSON.

import { builtinDatasets } from '../node.js';
import { parseFlags } from './args.js';
import type { Command } from './command.js';
import { cliFlags, type Flag, flagHelp, flagSpec } from './flags.js';
import { columns, toJson } from './output.js';

function table(): string {
  const header = ['name', 'rows', 'features', 'target'];
  const lines = builtinDatasets.map((d) => [
    `@${d.name}`,
    String(d.rows),
    String(d.featureNames.length),
    d.classes === null ? `${d.targetName} (numeric)` : `${d.targetName} (${d.classes.length} classes)`,
  ]);
  const [head, ...body] = columns([header, ...lines]);
  return [
    head,
    ...body.flatMap((line, i) => [line, `  ${builtinDatasets[i]!.description}`]),
    '',
    'Use one with `downhill fit @NAME`; generated sets follow --seed.',
    '',
  ].join('\n');
}

const flagList: readonly Flag[] = [cliFlags.json];

export const datasetsCommand: Command = {
  name: 'datasets',
  flagList,
  flags: flagSpec(flagList),
  summary: 'list the built-in datasets that fit takes as @NAME',
  help: `Usage: downhill datasets [--json]

Lists the built-in datasets: name, rows, feature count, target and a description. Generated sets
(line, circle, xor, gaussians, spiral) are drawn from fit's --seed; iris and diabetes are small real
datasets shipped with downhill (sources and licences in datasets/README.md). The JSON is
{ "datasets": [ { "name", "rows", "features", "target", "targetKind", "classes", "description",
"source" }, … ] }.

Flags:
${flagHelp(flagList)}

Examples:
  downhill datasets
  downhill datasets --json
  downhill fit @spiral --model mlp:8,8 --loss ce --seed 3
`,
  run(argv) {
    const { values } = parseFlags(argv, datasetsCommand.flags, { names: [] });
    if (!values.json) {
      process.stdout.write(table());
      return;
    }
    const datasets = builtinDatasets.map((d) => ({
      name: d.name,
      rows: d.rows,
      features: d.featureNames,
      target: d.targetName,
      targetKind: d.targetKind,
      classes: d.classes,
      description: d.description,
      source: d.source,
    }));
    process.stdout.write(`${toJson({ datasets })}\n`);
  },
};
