import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadHistory } from '../../data/history.js';
import { againstModel, baseYearData } from '../../models/baseState.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { ScenarioError } from '../../scenario/errors.js';
import { CliOutput, type OutputMode } from '../output.js';
import { escapeControlCharacters } from '../../text/controlCharacters.js';
import { libraryScenarioIds, newScenarioDocument, scenarioIdFromFile } from '../../scenario/newScenario.js';
import { type CommandContext, EXIT } from '../shared.js';
import { commandHelp } from '../options.js';

/** Write a new scenario file that extends a library scenario; never overwrites. */
export function newCommand(out: CliOutput, file: string, opts: { from: string }): number {
  const id = scenarioIdFromFile(file);
  if (id === undefined) {
    out.error(`error: ${escapeControlCharacters(file)}: no scenario id can be made from this file name; name it like cheap-oil.json`);
    return EXIT.badInput;
  }
  const document = newScenarioDocument(file, opts.from, id);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  try {
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    out.error(`error: ${escapeControlCharacters(file)} already exists; not overwritten (choose another name, or delete it first)`);
    return EXIT.badInput;
  }
  loadScenarioFile(file, againstModel(baseYearData(loadHistory()))); // what was written validates (a ScenarioError would exit 2)
  out.human(`wrote ${escapeControlCharacters(file)}: scenario "${id}" extending ${document.extends}\nnext: edit its name and description, add only the values to change, then run \`eastward validate ${escapeControlCharacters(file)}\`\n`);
  out.document({ ok: true, command: 'new', file, id, extends: document.extends, document });
  return EXIT.ok;
}

/** Register `eastward new` on the program. */
export function registerNew(program: Command, { out, act }: CommandContext): void {
  program
    .command('new')
    .description('Write a new scenario file that extends a scenario of the shipped library ("extends": "eastward/scenarios/<id>.json"), with $schema, an id from the file name, and a name and description to fill in. Never overwrites a file.')
    .argument('<file>', 'scenario file to create, e.g. cheap-oil.json (its name gives the id)')
    .addOption(new Option('--from <scenario>', 'library scenario to extend').choices(libraryScenarioIds()).default('baseline'))
    .option('--json', 'print one JSON document on stdout: { ok, command, file, id, extends, document }')
    .addHelpText('after', commandHelp(
      ['eastward new cheap-oil.json', 'eastward new work/tight-cap-2027.json --from low-oil-tight-cap', 'eastward new cheap-oil.json && eastward validate cheap-oil.json'],
      { 0: 'the file is written and validates', 2: 'the file exists (never overwritten), its name gives no id, or an unknown --from' },
    ))
    .action((file: string, opts: { from: string } & OutputMode) => act('new', opts, () => newCommand(out, file, opts)));
}
