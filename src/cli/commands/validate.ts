import { Command } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstModel, baseYearData } from '../../models/baseState.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { ScenarioError } from '../../scenario/errors.js';
import { CliOutput, type JsonProblem, type OutputMode } from '../output.js';
import { type CommandContext, EXIT, jsonProblem, printProblems } from '../shared.js';
import { commandHelp, JSON_HELP, jsonOption, quietOption, scenarioRootOption } from '../options.js';

/** One file's verdict in `validate --json`. */
interface ValidatedFile {
  readonly file: string;
  readonly valid: boolean;
  readonly problems: readonly JsonProblem[];
}

export function validateCommand(out: CliOutput, files: string[], opts: { scenarioRoot?: string }): number {
  const base = baseYearData(loadHistory());
  const verdicts: ValidatedFile[] = [];
  for (const file of files) {
    try {
      loadScenarioFile(file, { ...againstModel(base), root: opts.scenarioRoot });
      out.human(`${file}: valid\n`);
      verdicts.push({ file, valid: true, problems: [] });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      printProblems(out, e);
      verdicts.push({ file, valid: false, problems: e.problems.map(jsonProblem) });
    }
  }
  const valid = verdicts.every((v) => v.valid);
  out.document({ ok: valid, command: 'validate', files: verdicts });
  return valid ? EXIT.ok : EXIT.badInput;
}

/** Register `eastward validate` on the program. */
export function registerValidate(program: Command, { out, act }: CommandContext): void {
  program
    .command('validate')
    .description('Check scenario files; print every problem as <file>: <json pointer>: <message>.')
    .argument('<file...>', 'scenario JSON files')
    .addOption(scenarioRootOption())
    .addOption(jsonOption(JSON_HELP.validate))
    .addOption(quietOption())
    .addHelpText('after', commandHelp(
      ['eastward validate scenarios/*.json', 'eastward validate scenarios/high-oil.json scenarios/pos2-never.json --json', 'eastward validate work/mine.json --scenario-root .'],
      { 0: 'every file is valid', 2: 'a file has problems (each printed as <file>: <json pointer>: <message>), or bad arguments' },
    ))
    .action((files: string[], opts: { scenarioRoot?: string } & OutputMode) => act('validate', opts, () => validateCommand(out, files, opts)));
}
