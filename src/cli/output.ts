import { escapeControlCharacters } from '../text/controlCharacters.js';

/** How a command was asked to talk: `--json` and `--quiet`. */
export interface OutputMode {
  /** One JSON document on stdout instead of the human tables. */
  readonly json?: boolean;
  /** No progress bar and no informational lines on stderr (warnings and errors still printed). */
  readonly quiet?: boolean;
}

/** A problem as the JSON documents carry it. */
export interface JsonProblem {
  readonly file?: string;
  readonly pointer?: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** The document `--json` prints when a command fails before it has its own to print. */
export interface JsonFailure {
  readonly ok: false;
  readonly command: string;
  readonly exitCode: number;
  readonly errors: readonly JsonProblem[];
}

/**
 * Where the CLI's output goes. Human tables go to stdout unless `--json`, which prints exactly one
 * JSON document instead (the command's, or a JsonFailure when it fails); informational lines go to
 * stderr unless `--quiet`; warnings and errors always go to stderr (and errors are also collected
 * for the failure document).
 *
 * @example
 * const out = new CliOutput({ stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
 * out.use('run', { json: true });
 * out.human('table\n');            // dropped: --json
 * out.document({ ok: true });      // '{\n  "ok": true\n}\n' on stdout
 */
export class CliOutput {
  private mode: OutputMode = {};
  private command = '';
  private emitted = false;
  private readonly errors: JsonProblem[] = [];
  private readonly write: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void };

  constructor(write: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void }) {
    this.write = write;
  }

  /** Set the command's name and mode (called when a command's action starts). */
  use(command: string, mode: OutputMode): void {
    this.command = command;
    this.mode = { json: mode.json === true, quiet: mode.quiet === true };
  }

  /** Is the output a JSON document? Also true before parsing when the arguments ask for `--json`. */
  get json(): boolean {
    return this.mode.json === true;
  }

  get quiet(): boolean {
    return this.mode.quiet === true;
  }

  /** Text for a person on stdout (tables); nothing under `--json`. */
  human(text: string): void {
    if (!this.json) this.write.stdout(text);
  }

  /** An informational line on stderr (timings, files written); nothing under `--quiet`. */
  info(line: string): void {
    if (!this.quiet) this.write.stderr(`${line}\n`);
  }

  /** A warning on stderr, prefixed, control characters escaped; printed even under `--quiet`. */
  warn(message: string): void {
    this.write.stderr(`warning: ${escapeControlCharacters(message)}\n`);
  }

  /** An error line on stderr (always), remembered for the `--json` failure document. */
  error(line: string, problem: JsonProblem = { message: line.replace(/^error: /, '') }): void {
    this.write.stderr(`${line}\n`);
    this.errors.push(problem);
  }

  /** Remember an error that was already printed (by commander) for the `--json` failure document. */
  noteError(message: string): void {
    this.errors.push({ message });
  }

  /** Print the command's one JSON document on stdout (only under `--json`, only once). */
  document(value: unknown): void {
    if (!this.json || this.emitted) return;
    this.emitted = true;
    this.write.stdout(`${JSON.stringify(value, null, 2)}\n`);
  }

  /**
   * Under `--json`, when the command ended without its document (it failed), print a JsonFailure
   * with the errors collected; the exit code is unchanged.
   */
  finish(exitCode: number): void {
    if (!this.json || this.emitted) return;
    const failure: JsonFailure = { ok: false, command: this.command, exitCode, errors: this.errors.length > 0 ? this.errors : [{ message: `exit code ${exitCode}` }] };
    this.document(failure);
  }
}
