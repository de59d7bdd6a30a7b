#!/usr/bin/env node
/** The `eastward` executable (package.json `bin`): run the CLI and set the exit code. */
import { EXIT, main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${String(e)}\n`);
    process.exitCode = EXIT.failure;
  },
);
