/**
 * The command-line interface: `src/cli/program.ts` builds the program from one file per command
 * (`src/cli/commands/`), with shared options and output helpers beside it.
 */
export { buildProgram, main } from './cli/program.js';
export { EXIT } from './cli/shared.js';
export { commandHelp, ENVIRONMENT } from './cli/options.js';
