import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadHistory } from '../../data/history.js';
import { baseYearData } from '../../models/baseState.js';
import { calibrate } from '../../models/calibration.js';
import { CALIBRATION_FILE, calibrationJson } from '../../models/calibrationFile.js';
import { backtest } from '../../backtest/backtest.js';
import { BAND_TRUST_FILE, bandTrustFingerprint, bandTrustJson, computeBandTrust } from '../../backtest/trust.js';
import { dataDir } from '../../paths.js';
import { writeFilesAtomically } from '../../io/atomicWrite.js';
import { type CommandContext, EXIT } from '../shared.js';
import { commandHelp } from '../options.js';

/** A generated file's bytes on disk ('' when missing: missing counts as different). */
function currentText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Re-estimate data/calibration.json and recompute data/backtest-summary.json (the rolling
 * backtest behind every report's "How far to trust these bands"); `--check` only compares.
 */
export async function calibrateCommand(opts: { check: boolean; dataDir: string }): Promise<number> {
  const history = loadHistory(opts.dataDir);
  const base = baseYearData(history);
  const expected: Record<string, string> = {
    [path.join(opts.dataDir, CALIBRATION_FILE)]: calibrationJson(calibrate(history, base.year)),
    [path.join(opts.dataDir, BAND_TRUST_FILE)]: bandTrustJson(await computeBandTrust({ history }), bandTrustFingerprint(history)),
  };
  if (opts.check) {
    const stale = Object.keys(expected).filter((file) => currentText(file) !== expected[file]);
    if (stale.length === 0) {
      process.stdout.write(`${Object.keys(expected).join(' and ')} are up to date (data through ${base.year})\n`);
      return EXIT.ok;
    }
    for (const file of stale) process.stderr.write(`${file} differs from a fresh computation: run \`eastward calibrate\`\n`);
    return EXIT.failure;
  }
  writeFilesAtomically(expected);
  process.stdout.write(`wrote ${Object.keys(expected).join(' and ')} (data through ${base.year})\n`);
  return EXIT.ok;
}

/** Register `eastward calibrate` on the program. */
export function registerCalibrate(program: Command, { out, act }: CommandContext): void {
  program
    .command('calibrate')
    .description('Re-estimate the calibrated parameters from data/ and write data/calibration.json; rerun the rolling backtest of the baseline behind every report\'s "How far to trust these bands" and write data/backtest-summary.json.')
    .option('--check', 'only check that both committed files match a fresh computation (exit 1 if not)', false)
    .option('--data-dir <dir>', 'data folder', dataDir)
    .addHelpText('after', commandHelp(
      ['eastward calibrate', 'eastward calibrate --check'],
      { 0: 'written, or (--check) both files are up to date', 1: '--check: a file is stale; or the computation failed', 2: 'bad arguments or data' },
    ))
    .action((opts: { check: boolean; dataDir: string }) => act('calibrate', {}, () => calibrateCommand(opts)));
}
